package io.mmpipe.devstack.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** The stack's health probes, with a short timeout each: a probe answers, it never waits for a process. */
final class Health {

  private static final int TIMEOUT_MS = 2_000;

  private Health() {}

  /** "200" / "PONG" / "open" when healthy; otherwise what was seen ("503", "refused", ...). */
  static String probe(String health) {
    URI uri = URI.create(health);
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), TIMEOUT_MS);
      s.setSoTimeout(TIMEOUT_MS);
      switch (uri.getScheme()) {
        case "tcp" -> {
          return "open";
        }
        case "redis" -> {
          s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
          String line = readLine(s.getInputStream());
          return line.startsWith("+PONG") ? "PONG" : line;
        }
        default -> {
          OutputStream out = s.getOutputStream();
          out.write(("GET " + uri.getRawPath() + " HTTP/1.0\r\nHost: 127.0.0.1:" + uri.getPort()
              + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
          String status = readLine(s.getInputStream());
          String[] parts = status.split(" ");
          return parts.length > 1 ? parts[1] : "no answer";
        }
      }
    } catch (IOException e) {
      return e instanceof java.net.ConnectException ? "refused" : "no answer";
    }
  }

  static boolean healthy(String health) {
    String seen = probe(health);
    return seen.equals("200") || seen.equals("PONG") || seen.equals("open");
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n' && b.length() < 200) {
      b.append((char) c);
    }
    return b.toString().trim();
  }
}
