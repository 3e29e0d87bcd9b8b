package io.mmpipe.devstack.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmpipe.devkit.ExternalTool;
import io.mmpipe.devkit.Ports;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The Node peer: {@code bench/node-peer.js} on npm {@code ws} (WebSocket) and {@code better-sse} (SSE), both pinned,
 * installed by {@link #install} with npm into a folder of the bench's own. One Node process, single-threaded, as a
 * user of these libraries would run it.
 */
final class NodePeer extends PeerServer {

  static final String WS_VERSION = "8.23.0";
  static final String BETTER_SSE_VERSION = "0.16.1";
  static final ExternalTool NODE = new ExternalTool("node", "NODE", "nodejs");
  static final ExternalTool NPM = new ExternalTool("npm", "NPM", "npm");

  private final int port;

  private NodePeer(Process process, int port) {
    super(process);
    this.port = port;
  }

  /**
   * Installs the pinned packages into {@code dir} (once: npm is not called when they are there) and writes the
   * server script beside them; returns the versions that will run.
   */
  static String install(Path dir) throws Unavailable {
    if (!installed(dir)) {
      run(NPM, dir, Duration.ofMinutes(3), "install", "--no-audit", "--no-fund", "--no-save", "--prefix",
          dir.toAbsolutePath().toString(), "ws@" + WS_VERSION, "better-sse@" + BETTER_SSE_VERSION);
      if (!installed(dir)) {
        throw new Unavailable("npm install left no ws " + WS_VERSION + " / better-sse " + BETTER_SSE_VERSION);
      }
    }
    try (InputStream script = NodePeer.class.getResourceAsStream("/bench/node-peer.js")) {
      Files.write(dir.resolve("node-peer.js"), script.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String node = run(NODE, dir, Duration.ofSeconds(10), "--version").strip();
    return "node " + node + ", ws " + WS_VERSION + ", better-sse " + BETTER_SSE_VERSION;
  }

  private static boolean installed(Path dir) {
    return WS_VERSION.equals(version(dir, "ws")) && BETTER_SSE_VERSION.equals(version(dir, "better-sse"));
  }

  private static String version(Path dir, String pkg) {
    Path manifest = dir.resolve("node_modules").resolve(pkg).resolve("package.json");
    try {
      return Files.isRegularFile(manifest) ? new ObjectMapper().readTree(manifest.toFile()).path("version").asText()
          : null;
    } catch (IOException e) {
      return null;
    }
  }

  static NodePeer start(Path dir, String label) {
    int port = Ports.free();
    Process p = launch(List.of(NODE.require().toString(), "node-peer.js", String.valueOf(port)), dir,
        dir.resolve("node-" + label + ".log"));
    awaitListening(p, port, "the Node peer");
    return new NodePeer(p, port);
  }

  @Override
  public String name() {
    return "node";
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public void publish(ResourceUpdate update, String json) throws IOException, InterruptedException {
    post(URI.create("http://127.0.0.1:" + port + "/publish"), "application/json", json, "X-Event-Type",
        update.getUpdateType());
  }
}
