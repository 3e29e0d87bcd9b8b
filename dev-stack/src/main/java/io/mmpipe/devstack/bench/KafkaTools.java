package io.mmpipe.devstack.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Kafka's perf tools as child JVMs on bench-tools' classpath, so each measures from a process of its own with
 * nothing of ours loaded. Output is kept under the run directory for inspection.
 */
public final class KafkaTools {

  private static final Logger log = LoggerFactory.getLogger(KafkaTools.class);

  private final Path javaBin;
  private final String classpath;
  private final Path outputDir;

  KafkaTools(Path javaBin, String classpath, Path outputDir) {
    this.javaBin = javaBin;
    this.classpath = classpath;
    this.outputDir = outputDir;
  }

  /**
   * Finds bench-tools' classpath: {@code MMPIPE_BENCH_TOOLS_CLASSPATH} (a file), else
   * {@code bench-tools/target/runtime-classpath.txt} below the project root (the working directory or its parent).
   */
  public static KafkaTools locate(String classpathFile, Path outputDir) {
    Path file = classpathFile != null ? Path.of(classpathFile) : findDefault();
    if (file == null || !Files.isRegularFile(file)) {
      throw new IllegalStateException("bench-tools classpath not found (" + (file == null ? "bench-tools/target/"
          + "runtime-classpath.txt" : file) + "): build it with mvn -pl bench-tools package, or ./mmpipe build");
    }
    try {
      String cp = Files.readString(file).trim();
      Path classes = file.getParent().resolve("classes");
      if (Files.isDirectory(classes)) {
        cp = classes + java.io.File.pathSeparator + cp; // holds the tools' logback.xml (logs to stderr)
      }
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      return new KafkaTools(java, cp, outputDir);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }

  private static Path findDefault() {
    Path cwd = Path.of("").toAbsolutePath();
    for (Path p = cwd; p != null; p = p.getParent()) {
      Path f = p.resolve("bench-tools/target/runtime-classpath.txt");
      if (Files.isRegularFile(f)) {
        return f;
      }
    }
    return null;
  }

  /** Runs {@code mainClass} with {@code args}; returns stdout, or throws with stderr when it fails or times out. */
  public String run(String name, String mainClass, List<String> args, Duration timeout) {
    List<String> cmd = new ArrayList<>(List.of(javaBin.toString(), "-Xmx512m", "-XX:+UseG1GC",
        "-cp", classpath, mainClass));
    cmd.addAll(args);
    Path out = outputDir.resolve(name + ".out");
    Path err = outputDir.resolve(name + ".err");
    log.info("running {} {}", mainClass.substring(mainClass.lastIndexOf('.') + 1), String.join(" ", args));
    try {
      Files.createDirectories(outputDir);
      Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(name + " did not finish within " + timeout + " (see " + err + ")");
      }
      String stdout = Files.readString(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(name + " exited with " + p.exitValue() + ": "
            + tail(Files.readString(err, StandardCharsets.UTF_8)) + tail(stdout));
      }
      return stdout;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + name + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(name + " interrupted", e);
    }
  }

  private static String tail(String s) {
    return s.length() <= 2000 ? s : s.substring(s.length() - 2000);
  }
}
