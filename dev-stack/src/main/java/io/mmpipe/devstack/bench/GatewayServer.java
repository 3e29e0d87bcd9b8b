package io.mmpipe.devstack.bench;

import io.mmpipe.devkit.Ports;
import io.mmpipe.devkit.Processes;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  private GatewayServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the gateway with {@code env} (GATEWAY_PORT is chosen here) and waits until it answers. */
  static GatewayServer start(Map<String, String> env, Path dir, String label, boolean jfr) {
    int port = Ports.free();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xms256m", "-Xmx1g", "-XX:+UseG1GC",
        "--enable-native-access=ALL-UNNAMED"));
    if (Runtime.version().feature() >= 24) {
      cmd.add("--sun-misc-unsafe-memory-access=allow");
    }
    if (jfr) {
      cmd.add("-XX:StartFlightRecording=filename=" + dir.resolve("gateway-" + label + ".jfr").toAbsolutePath()
          + ",settings=profile,dumponexit=true");
    }
    String logback = System.getProperty("logback.configurationFile");
    if (logback != null) {
      cmd.add("-Dlogback.configurationFile=" + logback);
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.mmpipe.gateway.GatewayMain"));
    try {
      Files.createDirectories(dir);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(dir.resolve("gateway-" + label + ".log").toFile());
      Map<String, String> childEnv = pb.environment();
      childEnv.keySet().retainAll(List.of("PATH", "HOME", "LANG", "TZ"));
      childEnv.putAll(env);
      childEnv.put("GATEWAY_PORT", String.valueOf(port));
      childEnv.put("GATEWAY_BIND", "127.0.0.1");
      GatewayServer server = new GatewayServer(pb.start(), port);
      server.awaitUp();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the gateway JVM", e);
    }
  }

  private void awaitUp() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the gateway JVM exited with " + process.exitValue() + " (see its log)");
      }
      try {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/v1/stats").toURL()
            .openConnection();
        c.setConnectTimeout(500);
        c.setReadTimeout(2000);
        if (c.getResponseCode() == 200) {
          c.getInputStream().readAllBytes();
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Processes.sleep(200);
    }
    close();
    throw new IllegalStateException("the gateway JVM did not answer /v1/stats within 60 s");
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
