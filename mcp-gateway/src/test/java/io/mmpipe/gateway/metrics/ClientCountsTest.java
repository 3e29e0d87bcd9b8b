package io.mmpipe.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.gateway.metrics.ClientCounts.Transport;
import org.junit.jupiter.api.Test;

class ClientCountsTest {

  @Test
  void shouldCountEachTransportAndCountALeaseOutOnlyOnce() {
    ClientCounts counts = new ClientCounts();
    ClientCounts.Lease a = counts.open(Transport.WEBSOCKET);
    counts.open(Transport.WEBSOCKET);
    counts.open(Transport.SSE);
    assertThat(counts.json().toString()).isEqualTo("{\"sse\":1,\"websocket\":2,\"mcp\":0}");
    a.close();
    a.close();
    assertThat(counts.count(Transport.WEBSOCKET)).isEqualTo(1);
  }
}
