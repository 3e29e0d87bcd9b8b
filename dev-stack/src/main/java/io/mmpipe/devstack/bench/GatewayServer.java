package io.mmpipe.devstack.bench;

import io.mmpipe.devkit.Ports;
import io.mmpipe.devkit.Processes;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The gateway ({@code GatewayMain}, configured by {@code GatewayConfig.fromEnv}) in a child JVM of its own, so its
 * memory is measured alone and its sockets are not the bench client's. Same classpath as the bench; its output goes
 * to {@code <dir>/gateway-<label>.log}; with {@code jfr} a flight recording is written beside it.
 */
final class GatewayServer implements PushServer {

  private static final Pattern USED = Pattern.compile("used (\\d+)K");
  private static final Pattern SUBSCRIBERS = Pattern.compile("\"subscribers\"\\s*:\\s*(\\d+)");

  private final Process process;
  private final int port;
  private final Path gcLog;

  private GatewayServer(Process process, int port, Path gcLog) {
    this.process = process;
    this.port = port;
    this.gcLog = gcLog;
  }

  /** Starts the gateway with {@code env} (GATEWAY_PORT is chosen here) and waits until it answers. */
  static GatewayServer start(Map<String, String> env, Path dir, String label, boolean jfr) {
    int port = Ports.free();
    Map<String, String> all = new HashMap<>(env);
    all.put("GATEWAY_PORT", String.valueOf(port));
    all.put("GATEWAY_BIND", "127.0.0.1");
    Process process = ChildJvm.start("io.mmpipe.gateway.GatewayMain", all, dir, "gateway-" + label, "1g",
        ChildJvm.Gc.G1, jfr);
    ChildJvm.awaitHttp(process, "gateway", URI.create("http://127.0.0.1:" + port + "/v1/stats"));
    return new GatewayServer(process, port, ChildJvm.gcLog(dir, "gateway-" + label));
  }

  @Override
  public String name() {
    return "gateway";
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public String wsSubscribe() {
    return "{\"command\":\"subscribe\",\"id\":1}";
  }

  @Override
  public void publish(ResourceUpdate update, String json) {
    // the gateway reads mm.updates itself
  }

  @Override
  public Path gcLog() {
    return gcLog;
  }

  @Override
  public ProcessHandle process() {
    return process.toHandle();
  }

  /** The {@code subscribers} figure of {@code /v1/stats}. */
  @Override
  public int openSubscribers() {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/v1/stats").toURL()
          .openConnection();
      c.setConnectTimeout(2000);
      c.setReadTimeout(5000);
      Matcher m = SUBSCRIBERS.matcher(new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      return m.find() ? Integer.parseInt(m.group(1)) : -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** {@code jcmd GC.run}, then the heap's used figure from {@code GC.heap_info}; -1 when jcmd fails. */
  @Override
  public long heapAfterGc() {
    try {
      jcmd("GC.run");
      Matcher m = USED.matcher(jcmd("GC.heap_info"));
      return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private String jcmd(String command) throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p = new ProcessBuilder(jcmd.toString(), String.valueOf(process.pid()), command)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("jcmd " + command + " failed: " + out);
    }
    return out;
  }

  @Override
  public void close() {
    Processes.stop(process, 10);
  }
}
