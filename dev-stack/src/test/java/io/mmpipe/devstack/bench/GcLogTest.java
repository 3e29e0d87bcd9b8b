package io.mmpipe.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcLogTest {

  private static final String LOG = """
      [4.786s][1000000000000ms][info][gc,start    ] GC(0) Pause Young (Normal) (G1 Evacuation Pause)
      [4.810s][1000000000100ms][info][gc          ] GC(0) Pause Young (Normal) (G1 Evacuation Pause) \
      15M->3M(64M) 24.133ms
      [4.810s][1000000000100ms][info][safepoint   ] Safepoint "G1CollectForAllocation", Time since last: 4603170877 ns, \
      Reaching safepoint: 5020 ns, At safepoint: 24168183 ns, Leaving safepoint: 5211 ns, Total: 24178414 ns, \
      Threads: 0 runnable, 10 total
      [5.237s][1000000002000ms][info][safepoint   ] Safepoint "G1PauseRemark", Time since last: 319280949 ns, \
      Reaching safepoint: 20520658 ns, At safepoint: 87125962 ns, Leaving safepoint: 39896 ns, Total: 107686516 ns, \
      Threads: 1 runnable, 10 total
      [9.000s][1000000009000ms][info][safepoint   ] Safepoint "G1CollectForAllocation", Time since last: 1 ns, \
      Reaching safepoint: 1 ns, At safepoint: 900000000 ns, Leaving safepoint: 1 ns, Total: 900000002 ns, \
      Threads: 1 runnable, 10 total
      """;

  @Test
  void shouldFindTheLongestSafepointThatEndedInTheStretch() {
    GcLog.Pause p = GcLog.longest(LOG.lines(), 1000000000000L, 1000000005000L);

    assertThat(p.operation()).isEqualTo("G1PauseRemark");
    assertThat(p.millis()).isCloseTo(107.686516, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(p.atMillis()).isEqualTo(1000000002000L - 108);
  }

  @Test
  void shouldFindNoneOutsideTheStretchOrInAMissingFile(@TempDir Path dir) {
    assertThat(GcLog.longest(LOG.lines(), 1000000010000L, 1000000020000L)).isEqualTo(GcLog.Pause.NONE);
    assertThat(GcLog.longest(Stream.of("not a log line"), 0, Long.MAX_VALUE)).isEqualTo(GcLog.Pause.NONE);
    assertThat(GcLog.longest(dir.resolve("absent.log"), 0, Long.MAX_VALUE)).isEqualTo(GcLog.Pause.NONE);
  }

  @Test
  void shouldReadTheLogThisJvmWritesOnceStarted(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("gc.log");
    long from = System.currentTimeMillis();

    assertThat(GcLog.startHere(file)).isTrue();
    System.gc(); // a full collection is a safepoint

    long to = System.currentTimeMillis() + 1;
    String text = Files.readString(file);
    assertThat(text).contains("[safepoint");
    assertThat(GcLog.longest(file, from, to).operation()).isNotEqualTo("none");
    stopLogging(file);
  }

  @Test
  void shouldGiveAChildJvmTheSameLogOption() {
    assertThat(GcLog.option(Path.of("/tmp/x-gc.log")))
        .isEqualTo("-Xlog:gc*,safepoint:file=/tmp/x-gc.log:timemillis,uptime,level,tags");
  }

  private static void stopLogging(Path file) throws Exception {
    java.lang.management.ManagementFactory.getPlatformMBeanServer().invoke(
        new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "vmLog",
        new Object[] {new String[] {"disable"}}, new String[] {String[].class.getName()});
  }
}
