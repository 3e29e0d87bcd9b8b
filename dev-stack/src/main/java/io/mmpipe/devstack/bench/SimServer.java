package io.mmpipe.devstack.bench;

import io.mmpipe.devkit.Ports;
import io.mmpipe.devkit.Processes;
import io.mmpipe.sim.control.ControlClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The Mattermost simulator ({@code SimMain}) in a child JVM of its own, so its load generator does not share a heap,
 * GC pauses and a CPU budget with the broker and the ingestor it feeds: a pause in the bench's JVM must not show as
 * the simulator's socket overflowing, nor the simulator's work as the ingestor's latency. Driven over its loopback
 * control API ({@link ControlClient}); its log is {@code <dir>/sim-<label>.log}.
 */
final class SimServer implements AutoCloseable {

  /** The bot's token, handed to the simulator (SIM_BOT_TOKEN) and to the ingestor: a fixture, not a secret. */
  static final String BOT_TOKEN = "bench-simulated-bot-token";

  private final Process process;
  private final URI baseUrl;
  private final ControlClient control;

  private SimServer(Process process, URI baseUrl) {
    this.process = process;
    this.baseUrl = baseUrl;
    this.control = new ControlClient(baseUrl);
  }

  static SimServer start(Path dir, String label, boolean jfr) {
    int port = Ports.free();
    Map<String, String> env = Map.of("SIM_PORT", String.valueOf(port), "SIM_HOST", "127.0.0.1",
        "SIM_BOT_TOKEN", BOT_TOKEN);
    Process process = ChildJvm.start("io.mmpipe.sim.SimMain", env, dir, "sim-" + label, "1g", ChildJvm.Gc.Z,
        jfr);
    URI base = URI.create("http://127.0.0.1:" + port);
    ChildJvm.awaitHttp(process, "simulator", base.resolve("/_sim/stats"));
    return new SimServer(process, base);
  }

  URI baseUrl() {
    return baseUrl;
  }

  String botToken() {
    return BOT_TOKEN;
  }

  /** CPU time the simulator's JVM has used so far (every thread, GC included); zero when the OS does not say. */
  Duration cpuTime() {
    return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
  }

  ControlClient control() {
    return control;
  }

  @Override
  public void close() {
    Processes.stop(process, 10);
  }
}
