package io.mmpipe.devstack.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.mmpipe.devkit.ExternalTool;
import io.mmpipe.devkit.Ports;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * The Pushpin peer (Debian package {@code pushpin}): a GRIP proxy in front of a tiny origin served by the bench, which
 * answers {@code /events} with {@code Grip-Hold: stream} on one channel and an {@code event: ready}; each update is
 * published to Pushpin's HTTP publish API as an {@code http-stream} item. Run with a config of its own, derived from
 * the installed {@code /etc/pushpin/pushpin.conf}: own ports, run and log folders, and the handler's message rate
 * limit (default 2,500 messages/s for all clients together) raised so it is not what the bench measures, and zurl
 * (its HTTP client towards the origin) started by its runner.
 * WebSocket (WebSocket-over-HTTP) is not built.
 */
final class PushpinPeer extends PeerServer {

  static final ExternalTool PUSHPIN = new ExternalTool("pushpin", "PUSHPIN", "pushpin");
  private static final ExternalTool APT_GET = new ExternalTool("apt-get", "APT_GET", "apt");
  private static final String CHANNEL = "mmpipe-bench";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer origin;
  private final int port;
  private final URI publish;

  private PushpinPeer(Process process, HttpServer origin, int port, int publishPort) {
    super(process);
    this.origin = origin;
    this.port = port;
    this.publish = URI.create("http://127.0.0.1:" + publishPort + "/publish/");
  }

  /**
   * Installs the package with apt-get when it is missing and the bench runs as root (as {@code ./mmpipe} installs
   * its tools), and returns {@code pushpin --version}.
   */
  static String install(Path dir, boolean mayInstall) throws Unavailable {
    if (PUSHPIN.locate().isEmpty()) {
      if (!mayInstall) {
        throw new Unavailable("pushpin is not installed (this preset does not install it)");
      }
      if (!"root".equals(System.getProperty("user.name"))) {
        throw new Unavailable("pushpin is not installed and the bench is not root: " + PUSHPIN.howToInstall());
      }
      try {
        aptInstall(dir);
      } catch (Unavailable first) {
        run(APT_GET, dir, Duration.ofMinutes(3), "update", "-q");
        aptInstall(dir);
      }
    }
    return run(PUSHPIN, dir, Duration.ofSeconds(10), "--version").strip();
  }

  private static void aptInstall(Path dir) throws Unavailable {
    run(APT_GET, dir, Duration.ofMinutes(5), "install", "-y", "-q", "--no-install-recommends", "pushpin");
  }

  static PushpinPeer start(Path dir, String label) {
    java.util.function.IntSupplier ports = Ports.distinct();
    int port = ports.getAsInt();
    int publishPort = ports.getAsInt();
    HttpServer origin = origin();
    try {
      Path conf = config(dir, port, publishPort, origin.getAddress().getPort());
      Process p = launch(List.of(PUSHPIN.require().toString(), "--config", conf.toAbsolutePath().toString(), "--merge-output"), dir,
          dir.resolve("pushpin-" + label + ".log"));
      try {
        awaitListening(p, port, "pushpin");
        awaitListening(p, publishPort, "pushpin's publish API");
      } catch (RuntimeException e) {
        origin.stop(0);
        throw e;
      }
      return new PushpinPeer(p, origin, port, publishPort);
    } catch (IOException e) {
      origin.stop(0);
      throw new UncheckedIOException(e);
    }
  }

  /** The GRIP origin: every request is held as a stream on the bench's channel after an {@code event: ready}. */
  private static HttpServer origin() {
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
      s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      s.createContext("/", exchange -> {
        byte[] body = "event: ready\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().add("Grip-Hold", "stream");
        exchange.getResponseHeaders().add("Grip-Channel", CHANNEL);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      });
      s.start();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the GRIP origin", e);
    }
  }

  /** The installed config with the bench's ports, folders and routes, and the message rate limit lifted. */
  static Path config(Path dir, int port, int publishPort, int originPort) throws IOException {
    Path run = Files.createDirectories(dir.resolve("run"));
    Path logs = Files.createDirectories(dir.resolve("log"));
    Path routes = dir.resolve("routes");
    Files.writeString(routes, "* 127.0.0.1:" + originPort + "\n");
    List<String> out = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/etc/pushpin/pushpin.conf"))) {
      out.add(rewrite(line, run, logs, routes, port, publishPort));
      if (line.trim().equals("[proxy]")) {
        // the runner starts zurl in the run folder (services below); the packaged defaults point the proxy at a
        // system zurl under /var/run/zurl, which only a service manager would have started
        out.add("zurl_out_specs=ipc://{rundir}/{ipc_prefix}zurl-in");
        out.add("zurl_out_stream_specs=ipc://{rundir}/{ipc_prefix}zurl-in-stream");
        out.add("zurl_in_specs=ipc://{rundir}/{ipc_prefix}zurl-out");
      }
    }
    Path conf = dir.resolve("pushpin.conf");
    Files.write(conf, out);
    return conf;
  }

  static String rewrite(String line, Path run, Path logs, Path routes, int port, int publishPort) {
    int eq = line.indexOf('=');
    if (line.startsWith("#") || eq < 0) {
      return line;
    }
    return switch (line.substring(0, eq).trim()) {
      case "rundir" -> "rundir=" + run.toAbsolutePath();
      case "logdir" -> "logdir=" + logs.toAbsolutePath();
      case "http_port" -> "http_port=" + port;
      case "push_in_http_port" -> "push_in_http_port=" + publishPort;
      case "routesfile" -> "routesfile=" + routes.toAbsolutePath();
      case "message_rate", "message_hwm" -> line.substring(0, eq) + "=10000000";
      case "services" -> line.contains("zurl") ? line : line.replace("pushpin-proxy", "zurl,pushpin-proxy");
      default -> line;
    };
  }

  @Override
  public String name() {
    return "pushpin";
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public URI ws() {
    return null;
  }

  @Override
  public void publish(ResourceUpdate update, String json) throws IOException, InterruptedException {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode item = root.putArray("items").addObject().put("channel", CHANNEL);
    item.putObject("formats").putObject("http-stream").put("content",
        "event: " + update.getUpdateType() + "\ndata: " + json + "\n\n");
    post(publish, "application/json", JSON.writeValueAsString(root));
  }

  @Override
  public void close() {
    super.close();
    origin.stop(0);
  }
}
