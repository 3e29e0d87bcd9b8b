package io.mmpipe.gateway.stream;

import io.mmpipe.schemas.avro.ResourceUpdate;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Opens {@link Subscription}s: the one entry point every transport (SSE, and later WebSocket and MCP) uses.
 */
public final class UpdateStreams {

  private final UpdateRing ring;
  private final String topic;
  private final long maxLag;
  /** Catch-up readers open at once when no limit is given. */
  public static final int DEFAULT_CATCH_UP_READERS = 8;

  private final CatchUpPool catchUps;
  private final BooleanSupplier live;

  /**
   * @param maxLag how many events a subscriber may fall behind the live head before it is overflowed
   */
  public UpdateStreams(UpdateRing ring, String topic, long maxLag, CatchUpSource catchUps) {
    this(ring, topic, maxLag, new CatchUpPool(catchUps, DEFAULT_CATCH_UP_READERS), () -> true);
  }

  /**
   * @param catchUps the instance's bounded pool of catch-up readers
   * @param live     false while the fan-out consumer is down: no new subscriber is accepted then
   */
  public UpdateStreams(UpdateRing ring, String topic, long maxLag, CatchUpPool catchUps, BooleanSupplier live) {
    if (maxLag >= ring.capacity()) {
      throw new IllegalArgumentException("the ring (" + ring.capacity() + ") must be larger than the subscriber "
          + "buffer (" + maxLag + ")");
    }
    this.ring = ring;
    this.topic = topic;
    this.maxLag = maxLag;
    this.catchUps = catchUps;
    this.live = live;
  }

  /** Where a subscription starts. */
  public sealed interface StartAt permits Live, Earliest, FromToken {}

  /** At the live tail: only updates consumed from now on. */
  public record Live() implements StartAt {}

  /** From the oldest record Kafka still holds. */
  public record Earliest() implements StartAt {}

  /** Right after the position a resume token encodes. */
  public record FromToken(String token) implements StartAt {}

  public boolean ready() {
    return ring.initialized();
  }

  /**
   * False while the fan-out consumer cannot read {@code mm.updates} (it is being restarted): a new subscriber would
   * see nothing until it recovers, so transports refuse it with a retry hint instead.
   */
  public boolean live() {
    return live.getAsBoolean();
  }

  /** The instance's catch-up readers (for metrics and tests). */
  public CatchUpPool catchUps() {
    return catchUps;
  }

  public String topic() {
    return topic;
  }

  /**
   * @throws ResumeToken.InvalidTokenException for a token that is not valid for this topic
   * @throws IllegalStateException             before the fan-out consumer has its assignment
   */
  public Subscription open(StartAt start, SubscriptionFilter filter, Predicate<ResourceUpdate> scope) {
    if (!ready()) {
      throw new IllegalStateException("the update stream is not ready yet");
    }
    long[] positions = switch (start) {
      case Live l -> null;
      case Earliest e -> new long[ring.partitions()];
      case FromToken t -> ResumeToken.decode(topic, t.token(), ring.partitions());
    };
    if (positions == null) {
      UpdateRing.Tail tail = ring.tail();
      return new Subscription(ring, topic, filter, scope, maxLag, tail.positions(), tail.seq(), null);
    }
    OptionalLong cursor = ring.cursorFor(positions, maxLag / 2);
    if (cursor.isPresent()) {
      return new Subscription(ring, topic, filter, scope, maxLag, positions, cursor.getAsLong(), null);
    }
    // the reader is taken from the pool by the subscription itself, when it first needs one
    return new Subscription(ring, topic, filter, scope, maxLag, positions, -1, catchUps);
  }
}
