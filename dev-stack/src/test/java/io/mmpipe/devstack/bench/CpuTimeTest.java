package io.mmpipe.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuTimeTest {

  @Test
  void shouldReadOnCpuAndRunQueueWaitOfASchedstatLine() {
    CpuTime before = CpuTime.parse("1000000000 500000000 7\n");
    CpuTime after = CpuTime.parse("3500000000 4500000000 90");

    assertThat(after.since(before)).isEqualTo("ran 2.5 s, waited 4.0 s for a CPU");
    assertThat(after.since(CpuTime.UNKNOWN)).isEqualTo("n/a");
  }

  @Test
  void shouldSumThisProcessThreadsOrSayUnknownForAProcessThatIsGone() {
    CpuTime self = CpuTime.of(ProcessHandle.current().pid());
    if (System.getProperty("os.name").startsWith("Linux")) {
      assertThat(self.onCpuNanos()).isPositive();
    }
    assertThat(CpuTime.of(Long.MAX_VALUE)).isEqualTo(CpuTime.UNKNOWN);
  }
}
