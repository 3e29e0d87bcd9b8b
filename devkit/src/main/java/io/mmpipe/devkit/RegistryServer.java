package io.mmpipe.devkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apicurio Registry (the 3.3.3 Quarkus distribution from Maven Central) on a loopback port, keeping its data
 * in memory: what registry mode runs against in the tests and in {@code ./mmpipe demo --registry}. Like
 * {@link RedisServer}, a child process; it needs Java 21 or newer, which is what runs us.
 *
 * <p>Where the app comes from: {@code APICURIO_REGISTRY_HOME} (a directory holding {@code quarkus-run.jar}), else
 * the distribution's tar.gz in the local Maven repository (devkit depends on it, so any build of devkit has
 * downloaded it), unpacked once into the temporary directory and shared by every later start on the machine.
 */
public final class RegistryServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RegistryServer.class);

  public static final String VERSION = "3.3.3";
  static final String ARCHIVE = "io/apicurio/apicurio-registry-app/" + VERSION + "/apicurio-registry-app-"
      + VERSION + "-all.tar.gz";

  /** What to tell a person who has no registry app. */
  public static final String HOW_TO_INSTALL = "the Apicurio Registry " + VERSION + " app was not found: build "
      + "devkit once with Maven (it depends on io.apicurio:apicurio-registry-app:" + VERSION + ":tar.gz:all, "
      + "which puts the archive in ~/.m2), or set APICURIO_REGISTRY_HOME to an unpacked copy (the directory that "
      + "holds quarkus-run.jar).";

  /** A slow, shared 2-core machine has been seen to take 40 s; the limit leaves room for more. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(240);

  private final int port;
  private final Path logFile;
  private final Process process;

  private RegistryServer(int port, Path logFile, Process process) {
    this.port = port;
    this.logFile = logFile;
    this.process = process;
  }

  /** Starts a registry on a free loopback port and waits until it answers, or throws why not. */
  public static RegistryServer start() {
    Path home = locate().orElseThrow(() -> new IllegalStateException(HOW_TO_INSTALL));
    java.util.function.IntSupplier ports = Ports.distinct();
    int port = ports.getAsInt();
    int managementPort = ports.getAsInt();
    try {
      Path work = Files.createTempDirectory("mmpipe-registry-");
      Path logFile = work.resolve("registry.log");
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      List<String> cmd = new ArrayList<>(List.of(java,
          // a small heap and the C1 compiler: a test registry holds a handful of schemas, and starts sooner so
          "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
          "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
          // the management interface (health, metrics) would take port 9000 on every address: one per machine
          "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + managementPort,
          "-jar", home.resolve("quarkus-run.jar").toString()));
      Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true)
          .redirectOutput(logFile.toFile()).start();
      RegistryServer server = new RegistryServer(port, logFile, p);
      server.awaitReady();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Apicurio Registry from " + home, e);
    }
  }

  /** The app's directory: {@code APICURIO_REGISTRY_HOME}, else unpacked from the local Maven repository. */
  public static Optional<Path> locate() {
    String explicit = System.getenv("APICURIO_REGISTRY_HOME");
    if (explicit != null && !explicit.isBlank()) {
      Path p = Path.of(explicit);
      return Files.isRegularFile(p.resolve("quarkus-run.jar")) ? Optional.of(p) : Optional.empty();
    }
    Path archive = mavenRepository().resolve(ARCHIVE);
    if (!Files.isRegularFile(archive)) {
      return Optional.empty();
    }
    return Optional.of(unpacked(archive));
  }

  static Path mavenRepository() {
    String local = System.getProperty("maven.repo.local");
    return local != null && !local.isBlank() ? Path.of(local)
        : Path.of(System.getProperty("user.home"), ".m2", "repository");
  }

  /**
   * The archive unpacked under the temporary directory, once per machine: unpacked beside the target, then moved
   * into place in one step, so two test JVMs starting together never see half an app.
   */
  static Path unpacked(Path archive) {
    Path target = Path.of(System.getProperty("java.io.tmpdir"), "mmpipe-apicurio-registry-" + VERSION);
    if (Files.isRegularFile(target.resolve("quarkus-run.jar"))) {
      return target;
    }
    Path partial = null;
    try {
      partial = Files.createTempDirectory(target.getParent(), "mmpipe-apicurio-unpack-");
      log.info("unpacking {} into {}", archive, target);
      Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", partial.toString())
          .redirectErrorStream(true).start();
      String out = new String(tar.getInputStream().readAllBytes());
      if (!tar.waitFor(5, TimeUnit.MINUTES) || tar.exitValue() != 0) {
        throw new IllegalStateException("cannot unpack " + archive + ": " + out);
      }
      try {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
        // another JVM won the race; its copy is complete (it moved in one step)
        deleteTree(partial);
      } catch (IOException e) {
        if (!Files.isRegularFile(target.resolve("quarkus-run.jar"))) {
          throw e;
        }
        deleteTree(partial);
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack " + archive, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while unpacking " + archive, e);
    }
  }

  private void awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest info = HttpRequest.newBuilder(URI.create(url() + "/apis/registry/v3/system/info"))
        .timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the Apicurio Registry exited at start (exit " + process.exitValue()
            + "); its log " + logFile + " ends with:\n" + tail());
      }
      try {
        if (http.send(info, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          log.info("Apicurio Registry {} ready at {}", VERSION, url());
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new IllegalStateException("interrupted while the registry started", e);
      }
      Processes.sleep(250);
    }
    close();
    throw new IllegalStateException("the Apicurio Registry did not answer on port " + port + " within "
        + START_TIMEOUT.toSeconds() + " s; its log " + logFile + " ends with:\n" + tail());
  }

  public int port() {
    return port;
  }

  /** The base address, what {@code SCHEMA_REGISTRY_URL} is set to. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The Confluent-compatible API: what standard tools are given as {@code schema.registry.url}. */
  public String ccompatUrl() {
    return url() + "/apis/ccompat/v7";
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(logFile);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    Processes.stop(process, 10);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary leftover; nothing depends on it
    }
  }
}
