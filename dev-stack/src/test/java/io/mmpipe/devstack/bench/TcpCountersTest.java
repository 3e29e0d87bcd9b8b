package io.mmpipe.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TcpCountersTest {

  @Test
  void shouldKeepOnlyTheNamedCountersOfEachPairOfLines() {
    Map<String, Long> m = new LinkedHashMap<>();

    TcpCounters.parse(List.of(
        "TcpExt: SyncookiesSent PruneCalled TCPTimeouts TCPLossProbes",
        "TcpExt: 0 881 43 215925",
        "Tcp: RtoAlgorithm MaxConn RetransSegs",
        "Tcp: 1 -1 183"), m);

    assertThat(m).containsOnlyKeys("PruneCalled", "TCPTimeouts", "TCPLossProbes", "RetransSegs");
    assertThat(m).containsEntry("TCPTimeouts", 43L).containsEntry("RetransSegs", 183L);
  }

  @Test
  void shouldGiveTheDifferenceOfCountersPresentInBoth() {
    String d = TcpCounters.delta(Map.of("TCPTimeouts", 40L, "RetransSegs", 100L),
        Map.of("TCPTimeouts", 43L, "RetransSegs", 183L, "PruneCalled", 9L));

    assertThat(d).isEqualTo("RetransSegs=83 TCPTimeouts=3");
  }
}
