package io.mmpipe.devstack.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * How long a process's threads ran on a CPU and how long they were ready to run but waited for one (Linux
 * {@code /proc/<pid>/task/<tid>/schedstat}: on-CPU ns, run-queue wait ns, time slices), summed over its threads. A
 * JVM whose threads waited seconds for a CPU during a window was held up by the machine, not by itself. Threads
 * that ended during the window are not counted.
 *
 * @param onCpuNanos time running
 * @param waitNanos  time runnable but not running
 */
record CpuTime(long onCpuNanos, long waitNanos) {

  static final CpuTime UNKNOWN = new CpuTime(-1, -1);

  /** The sums for process {@code pid} now; {@link #UNKNOWN} when they cannot be read (not Linux, gone). */
  static CpuTime of(long pid) {
    long on = 0;
    long wait = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
      for (Path task : tasks) {
        try {
          CpuTime t = parse(Files.readString(task.resolve("schedstat")));
          on += t.onCpuNanos();
          wait += t.waitNanos();
        } catch (IOException | RuntimeException threadGone) {
          // the thread ended between the listing and the read
        }
      }
    } catch (IOException | RuntimeException e) {
      return UNKNOWN;
    }
    return new CpuTime(on, wait);
  }

  /** One schedstat line: "on-cpu-ns wait-ns slices". */
  static CpuTime parse(String schedstat) {
    String[] f = schedstat.trim().split("\\s+");
    return new CpuTime(Long.parseLong(f[0]), Long.parseLong(f[1]));
  }

  /** What happened between {@code before} and this, as "ran X s, waited Y s for a CPU". */
  String since(CpuTime before) {
    if (this == UNKNOWN || before == UNKNOWN || onCpuNanos < 0 || before.onCpuNanos() < 0) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "ran %.1f s, waited %.1f s for a CPU", (onCpuNanos - before.onCpuNanos()) / 1e9,
        (waitNanos - before.waitNanos()) / 1e9);
  }
}
