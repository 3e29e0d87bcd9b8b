package io.mmpipe.streams;

import static io.mmpipe.streams.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.schemas.avro.Post;
import io.mmpipe.schemas.avro.RawEvent;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The dedupe window, both ways in time, through the production topology. */
class DedupeTopologyTest {

  private static final long MINUTE = 60_000;
  private final Harness h = new Harness(Duration.ofMinutes(1));

  @AfterEach
  void close() {
    h.close();
  }

  /** A WebSocket "posted" copy of post {@code id} observed at {@code observedAt}. */
  private static RawEvent copy(String id, long observedAt) {
    Post p = Events.post(id, T0).build();
    return Events.ws("posted", Events.postPayload(p), observedAt);
  }

  @Test
  void shouldDropCopiesWithinTheRetentionEvenWhenALaterCopyCarriesAnEarlierTime() {
    h.pipe(copy("p1", T0 + 30_000));
    h.pipe(copy("p1", T0)); // a slow ingestor's copy, observed before the first one we processed
    h.pipe(copy("p1", T0 + 30_000 + MINUTE));
    assertThat(h.ids()).containsExactly("post_p1");
    assertThat(h.metrics.duplicatesDropped()).isEqualTo(2.0);
  }

  @Test
  void shouldLetACopyThroughOnceTheFirstIsOlderThanTheRetention() {
    h.pipe(copy("p1", T0));
    h.pipe(copy("p1", T0 + MINUTE + 1));
    assertThat(h.ids()).containsExactly("post_p1", "post_p1");
    assertThat(h.metrics.duplicatesDropped()).isZero();
  }
}
