package io.mmpipe.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mmpipe.gateway.ops.OperationEvent;
import io.mmpipe.gateway.ops.OperationState;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OperationWatchTest {

  private static OperationEvent progress(int i) {
    return new OperationEvent("op-1", "progress", 1_764_561_600_000L + i,
        JsonNodeFactory.instance.objectNode().put("progress", i / 1000.0));
  }

  @Test
  void shouldHoldAtMostTheBoundOfUnsentEventsAndSayWhenItOverflowed() throws Exception {
    OperationWatch.Pending p = new OperationWatch.Pending(OperationWatch.MAX_PENDING);
    for (int i = 0; i < OperationWatch.MAX_PENDING; i++) {
      p.accept(progress(i));
    }
    assertThat(p.overflowed()).isFalse();
    p.accept(progress(OperationWatch.MAX_PENDING));
    assertThat(p.overflowed()).as("one more than the bound").isTrue();
    assertThat(p.size()).isEqualTo(OperationWatch.MAX_PENDING);
    assertThat(p.poll(0, TimeUnit.SECONDS).timestamp()).as("oldest first").isEqualTo(1_764_561_600_000L);
  }

  @Test
  void shouldEndAFinishedOperationWithTheEventItEndedWith() {
    Instant t = Instant.parse("2026-12-01T05:00:00Z");
    OperationState done = new OperationState("op-1", "export_channel_history", "completed", 1, "done",
        "mmpipe://operations/op-1/result", null, t.minusSeconds(5), t);
    OperationEvent e = OperationWatch.finalEvent(done);
    assertThat(e.eventType()).isEqualTo("completed");
    assertThat(e.timestamp()).isEqualTo(t.toEpochMilli());
    assertThat(e.data().path("result_uri").asText()).isEqualTo("mmpipe://operations/op-1/result");
    OperationState cancelled = new OperationState("op-2", "export_channel_history", "cancelled", 0.4, "stop", null,
        "stop", t.minusSeconds(5), t);
    OperationEvent c = OperationWatch.finalEvent(cancelled);
    assertThat(c.eventType()).isEqualTo("error");
    assertThat(c.data().path("error").asText()).isEqualTo("stop");
    assertThat(c.data().path("status").asText()).isEqualTo("cancelled");
  }
}
