package io.mmpipe.devstack.bench;

import io.mmpipe.devkit.ExternalTool;
import io.mmpipe.devkit.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the peer push servers share: a child process (and its children) started in a folder of its own under
 * {@code .mmpipe/bench-peers/}, the wait until it listens, the HTTP publish call, and the stop.
 */
abstract class PeerServer implements PushServer {

  /** Thrown when a peer cannot be installed or started here; the bench reports it as "not run: <reason>". */
  static final class Unavailable extends Exception {
    Unavailable(String reason) {
      super(reason);
    }
  }

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final Process process;

  PeerServer(Process process) {
    this.process = process;
  }

  /** Starts {@code command} in {@code dir}, its output in {@code log}. */
  static Process launch(List<String> command, Path dir, Path log) {
    try {
      Files.createDirectories(dir);
      return new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.getFirst(), e);
    }
  }

  /** Waits until {@code port} accepts connections; fails when the process exits first or 30 s pass. */
  static void awaitListening(Process process, int port, String what) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(what + " exited with " + process.exitValue() + " (see its log)");
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        Processes.sleep(100);
      }
    }
    Processes.stop(process, 5);
    throw new IllegalStateException(what + " did not listen on " + port + " within 30 s");
  }

  /**
   * POSTs {@code body} (once more after an I/O error); anything but 2xx is an error (the feeder logs and counts it).
   */
  static void post(URI uri, String contentType, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      req.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> r;
    try {
      r = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException closed) {
      // once more on a fresh connection: a server may close an idle keep-alive connection as it is reused
      r = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
    }
    if (r.statusCode() / 100 != 2) {
      throw new IOException("publish to " + uri + " answered " + r.statusCode() + ": " + r.body());
    }
  }

  /** Runs a tool to its end; its output when it exits 0, else {@link Unavailable} with the output's last line. */
  static String run(ExternalTool tool, Path dir, Duration timeout, String... args) throws Unavailable {
    if (tool.locate().isEmpty()) {
      throw new Unavailable(tool.binary() + " is not installed");
    }
    ExternalTool.Result r;
    try {
      Files.createDirectories(dir);
      r = tool.run(dir, java.util.Map.of(), timeout, args);
    } catch (IOException | RuntimeException e) {
      throw new Unavailable(tool.binary() + " " + String.join(" ", args) + " failed: " + e.getMessage());
    }
    if (!r.ok()) {
      String[] lines = r.output().strip().split("\n");
      throw new Unavailable(tool.binary() + " " + args[0] + " exited " + r.exitCode() + ": "
          + lines[lines.length - 1]);
    }
    return r.output();
  }

  @Override
  public ProcessHandle process() {
    return process.toHandle();
  }

  /** Stops the process, then any child it left behind (a runner such as Pushpin's starts several). */
  @Override
  public void close() {
    List<ProcessHandle> children = process.toHandle().descendants().toList();
    Processes.stop(process, 5);
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }
}
