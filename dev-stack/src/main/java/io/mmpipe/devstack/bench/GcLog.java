package io.mmpipe.devstack.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * A JVM's GC and safepoint log (unified logging, {@code gc*,safepoint}, each line stamped with the wall clock in
 * milliseconds), and the longest stop-the-world pause in a stretch of time read back from it: a latency stall of a
 * fan-out window can then be told apart from a pause of the gateway's JVM or of the bench's own (broker and load
 * client). A safepoint's total (reaching it, then at it) is what every Java thread of that JVM stood still for, GC
 * pause or not.
 */
final class GcLog {

  /** What is logged and how each line is stamped (wall-clock milliseconds first, so windows can be cut). */
  static final String WHAT = "gc*,safepoint";
  static final String DECORATIONS = "timemillis,uptime,level,tags";

  // [4.810s][1796215444270ms][info][safepoint   ] Safepoint "G1CollectForAllocation", Time since last: 1 ns,
  //   Reaching safepoint: 2 ns, At safepoint: 4 ns, Leaving safepoint: 3 ns, Total: 9 ns, Threads: 0 runnable, 10 total
  // (JDK 25; the JVM orders the decorations itself)
  private static final Pattern SAFEPOINT = Pattern.compile(
      "\\[(\\d+)ms\\].*\\[safepoint\\s*\\] Safepoint \"([^\"]+)\".*Total: (\\d+) ns");

  private GcLog() {}

  /** The JVM option that writes this log to {@code file} (a child JVM's command line). */
  static String option(Path file) {
    return "-Xlog:" + WHAT + ":file=" + file.toAbsolutePath() + ":" + DECORATIONS;
  }

  /**
   * Starts the same log in this JVM (the bench's: broker, producer and load client), through the diagnostic command
   * {@code VM.log} that {@code jcmd} also uses; returns false (and logs nothing) when the JVM refuses.
   */
  static boolean startHere(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      ManagementFactory.getPlatformMBeanServer().invoke(
          new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmLog",
          new Object[] {new String[] {"output=file=" + file.toAbsolutePath(), "what=" + WHAT,
              "decorators=" + DECORATIONS}},
          new String[] {String[].class.getName()});
      return true;
    } catch (JMException | IOException | RuntimeException e) {
      return false;
    }
  }

  /** The longest safepoint of a stretch: its operation, when it began (wall clock) and how long all stood still. */
  record Pause(String operation, long atMillis, double millis) {
    static final Pause NONE = new Pause("none", 0, 0);

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%.1f ms (%s)", millis, operation);
    }
  }

  /** The longest pause logged in {@code file} that ended in [{@code fromMillis}, {@code toMillis}]. */
  static Pause longest(Path file, long fromMillis, long toMillis) {
    if (!Files.exists(file)) {
      return Pause.NONE;
    }
    try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return longest(lines, fromMillis, toMillis);
    } catch (IOException | UncheckedIOException e) {
      return Pause.NONE;
    }
  }

  static Pause longest(Stream<String> lines, long fromMillis, long toMillis) {
    Pause best = Pause.NONE;
    for (String line : (Iterable<String>) lines::iterator) {
      Matcher m = SAFEPOINT.matcher(line);
      if (!m.find()) {
        continue;
      }
      long at = Long.parseLong(m.group(1));
      double ms = Long.parseLong(m.group(3)) / 1e6;
      if (at >= fromMillis && at <= toMillis && ms > best.millis()) {
        best = new Pause(m.group(2), at - Math.round(ms), ms);
      }
    }
    return best;
  }
}
