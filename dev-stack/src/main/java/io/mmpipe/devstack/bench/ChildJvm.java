package io.mmpipe.devstack.bench;

import io.mmpipe.devkit.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A part of the pipeline (the gateway, the simulator) in a JVM of its own, on the bench's classpath: its heap, GC
 * pauses and CPU are its own, not the bench's. Output goes to {@code <dir>/<name>.log}, its GC and safepoint log to
 * {@link #gcLog} ({@link GcLog}); with {@code jfr} a flight recording ({@code settings=profile}) is written to
 * {@code <dir>/<name>.jfr} when it exits. Its environment is
 * {@code env} plus PATH, HOME, LANG and TZ, nothing else of the bench's.
 */
final class ChildJvm {

  private ChildJvm() {}

  /** The collector of a child JVM. */
  enum Gc {
    /** G1, the JVM's default: what a deployment of our own JVM tiers runs. */
    G1,
    /**
     * Generational ZGC: pauses under a millisecond, like the Go runtime's concurrent collector that a real
     * Mattermost server runs on, so the JVM's stop-the-world pauses do not show as the server's.
     */
    Z
  }

  /** Where the child {@code name} started in {@code dir} writes its GC and safepoint log. */
  static Path gcLog(Path dir, String name) {
    return dir.resolve(name + "-gc.log");
  }

  static Process start(String mainClass, Map<String, String> env, Path dir, String name, String maxHeap, Gc gc,
      boolean jfr) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xms256m", "-Xmx" + maxHeap,
        "--enable-native-access=ALL-UNNAMED"));
    switch (gc) {
      case G1 -> cmd.add("-XX:+UseG1GC");
      case Z -> {
        cmd.add("-XX:+UseZGC");
        if (Runtime.version().feature() < 23) {
          cmd.add("-XX:+ZGenerational"); // the default from JDK 23 on, the only mode from 24
        }
      }
    }
    cmd.add(GcLog.option(gcLog(dir, name)));
    if (Runtime.version().feature() >= 24) {
      cmd.add("--sun-misc-unsafe-memory-access=allow");
    }
    if (jfr) {
      cmd.add("-XX:StartFlightRecording=filename=" + dir.resolve(name + ".jfr").toAbsolutePath()
          + ",settings=profile,dumponexit=true");
    }
    String logback = System.getProperty("logback.configurationFile");
    if (logback != null) {
      cmd.add("-Dlogback.configurationFile=" + logback);
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    try {
      Files.createDirectories(dir);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(dir.resolve(name + ".log").toFile());
      Map<String, String> childEnv = pb.environment();
      childEnv.keySet().retainAll(List.of("PATH", "HOME", "LANG", "TZ"));
      childEnv.putAll(env);
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the " + name + " JVM", e);
    }
  }

  /** Waits up to 60 s for {@code url} to answer 200; stops the process and throws when it does not. */
  static void awaitHttp(Process process, String name, URI url) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the " + name + " JVM exited with " + process.exitValue() + " (see its log)");
      }
      try {
        HttpURLConnection c = (HttpURLConnection) url.toURL().openConnection();
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
    Processes.stop(process, 10);
    throw new IllegalStateException("the " + name + " JVM did not answer " + url + " within 60 s");
  }
}
