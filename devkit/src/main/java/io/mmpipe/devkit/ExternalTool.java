package io.mmpipe.devkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A program the tests run as a real process rather than a library (redis-server, docker-compose, promtool): where
 * to find it and what to tell a person who does not have it. {@code ./mmpipe test} installs the Debian package of
 * each one and exports the variable, so the tests and the script agree on the same names (the script's
 * {@code ensure_test_tools} lists the same three).
 *
 * @param binary        the executable's name, looked for on PATH and in the usual install places
 * @param envVariable   the variable that names the executable explicitly (wins over PATH)
 * @param debianPackage the Debian package that provides it
 */
public record ExternalTool(String binary, String envVariable, String debianPackage) {

  public static final ExternalTool REDIS_SERVER = new ExternalTool("redis-server", "REDIS_SERVER", "redis-server");
  /** Compose 1.29 (Debian's): validates docker-compose.yml without a Docker engine ({@code config}). */
  public static final ExternalTool DOCKER_COMPOSE = new ExternalTool("docker-compose", "DOCKER_COMPOSE",
      "docker-compose");
  /** Prometheus's own checker: the scrape config and, through rule files, PromQL expressions. */
  public static final ExternalTool PROMTOOL = new ExternalTool("promtool", "PROMTOOL", "prometheus");

  private static final List<String> USUAL_DIRS = List.of("/usr/bin", "/usr/local/bin", "/opt/homebrew/bin",
      "/usr/sbin");

  /** What a process printed (stdout and stderr together) and how it ended. */
  public record Result(int exitCode, String output) {
    public boolean ok() {
      return exitCode == 0;
    }
  }

  /** The message for a missing tool: how {@code ./mmpipe test} gets it, how to get it by hand, which variable. */
  public String howToInstall() {
    return binary + " was not found. ./mmpipe test installs it (Debian package " + debianPackage + "); otherwise "
        + "run 'apt-get install " + debianPackage + "', or set " + envVariable + " to the path of a " + binary
        + " binary.";
  }

  /** Where the tool is, from the process environment. */
  public Optional<Path> locate() {
    return locate(System.getenv());
  }

  /**
   * Where the tool is: the variable when set (and only there: a wrong explicit path is not silently replaced by
   * another binary), else the first executable on PATH, else the usual install places.
   */
  public Optional<Path> locate(Map<String, String> env) {
    String explicit = env.get(envVariable);
    if (explicit != null && !explicit.isBlank()) {
      Path p = Path.of(explicit);
      return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
    Stream<String> dirs = Stream.concat(
        Stream.of(env.getOrDefault("PATH", "").split(File.pathSeparator)).filter(s -> !s.isBlank()),
        USUAL_DIRS.stream());
    return dirs.map(dir -> Path.of(dir, binary)).filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
        .findFirst();
  }

  /** The tool's path, or an {@link IllegalStateException} carrying {@link #howToInstall()}. */
  public Path require() {
    return locate().orElseThrow(() -> new IllegalStateException(howToInstall()));
  }

  /**
   * Runs the tool in {@code workDir} with extra environment variables and waits for it; the output is read while
   * it runs (a full pipe would block the tool) and kept whole, since these tools print a few lines.
   */
  public Result run(Path workDir, Map<String, String> extraEnv, Duration timeout, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(require().toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(extraEnv);
    try {
      Process process = pb.start();
      CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
        try {
          return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(binary + " " + String.join(" ", args) + " did not finish in " + timeout);
      }
      return new Result(process.exitValue(), output.join());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + cmd.getFirst(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + binary, e);
    }
  }
}
