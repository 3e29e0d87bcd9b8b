package io.mmpipe.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The watcher registry split out of {@link Operations}: bounded, per operation, one failing watcher harmless. */
class OperationWatchersTest {

  private static OperationEvent event(String id) {
    return new OperationEvent(id, "progress", 1L, OperationState.JSON.createObjectNode());
  }

  @Test
  void shouldRefuseWatchersPastTheLimitAndFreeASlotWhenOneCloses() throws Exception {
    OperationWatchers w = new OperationWatchers(2);
    AutoCloseable first = w.add("a", e -> { });
    w.add("b", e -> { });
    assertThatThrownBy(() -> w.add("c", e -> { })).isInstanceOf(IllegalStateException.class)
        .hasMessage("too many operation watchers on this instance (2)");
    first.close();
    first.close(); // idempotent: must not free a second slot
    assertThat(w.count()).isEqualTo(1);
    w.add("c", e -> { });
    assertThatThrownBy(() -> w.add("d", e -> { })).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldDeliverToTheOperationsWatchersOnlyEvenWhenOneFails() {
    OperationWatchers w = new OperationWatchers(10);
    List<String> got = new ArrayList<>();
    w.add("a", e -> {
      throw new IllegalStateException("broken watcher");
    });
    w.add("a", e -> got.add("a:" + e.eventType()));
    w.add("b", e -> got.add("b:" + e.eventType()));
    w.deliver(event("a"));
    assertThat(got).containsExactly("a:progress");
  }
}
