package io.mmpipe.devstack.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The load balancer's configuration for the stack, rendered from the repo's own {@code deploy/nginx.conf} (the file
 * compose mounts) and not from a copy: only the upstream's server lines (one per local gateway) and the listen port
 * change; every other line is the file's own, so a change to it (timeouts, buffering, headers) reaches both.
 */
public final class NginxConfig {

  private static final Pattern UPSTREAM = Pattern.compile("\\s*upstream gateways \\{\\s*");
  private static final Pattern SERVER = Pattern.compile("(\\s*)server [^;]+;\\s*");
  private static final Pattern LISTEN = Pattern.compile("(\\s*)listen \\d+;\\s*");

  private NginxConfig() {}

  public static String render(String template, List<Integer> gatewayPorts, int listenPort) {
    if (gatewayPorts.isEmpty()) {
      throw new IllegalArgumentException("no gateway to balance");
    }
    List<String> out = new ArrayList<>();
    boolean inUpstream = false;
    boolean upstreamSeen = false;
    boolean serversWritten = false;
    int listens = 0;
    for (String line : template.lines().toList()) {
      if (UPSTREAM.matcher(line).matches()) {
        inUpstream = true;
        upstreamSeen = true;
        out.add(line);
        continue;
      }
      var server = SERVER.matcher(line);
      if (inUpstream && server.matches()) {
        if (!serversWritten) {
          for (int port : gatewayPorts) {
            out.add(server.group(1) + "server 127.0.0.1:" + port + ";");
          }
          serversWritten = true;
        }
        continue;
      }
      if (inUpstream && line.trim().equals("}")) {
        inUpstream = false;
      }
      var listen = LISTEN.matcher(line);
      if (listen.matches()) {
        out.add(listen.group(1) + "listen " + listenPort + ";");
        listens++;
        continue;
      }
      out.add(line);
    }
    if (!upstreamSeen || !serversWritten || listens != 1) {
      throw new IllegalArgumentException("deploy/nginx.conf no longer has one 'upstream gateways { server ...; }' "
          + "and one 'listen <port>;': the stack cannot place its gateways in it");
    }
    return String.join("\n", out) + "\n";
  }
}
