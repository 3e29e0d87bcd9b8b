package io.mmpipe.gateway.stream;

import io.mmpipe.schemas.avro.ResourceUpdate;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens {@link Subscription}s: the one entry point every transport (SSE, and later WebSocket and MCP) uses.
 */
public final class UpdateStreams {

  private static final Logger log = LoggerFactory.getLogger(UpdateStreams.class);

  private final UpdateRing ring;
  private final String topic;
  private final long maxLag;
  /** Catch-up readers open at once when no limit is given. */
  public static final int DEFAULT_CATCH_UP_READERS = 8;

  private final CatchUpPool catchUps;
  private final LogExtent extent;
  private final BooleanSupplier live;

  /** Without a view of the log: tokens carry no epoch and are not checked (tests whose ring covers every token). */
  public UpdateStreams(UpdateRing ring, String topic, long maxLag, CatchUpSource catchUps) {
    this(ring, topic, maxLag, catchUps, LogExtent.UNKNOWN);
  }

  /** A default pool of readers, always live. */
  public UpdateStreams(UpdateRing ring, String topic, long maxLag, CatchUpSource catchUps, LogExtent extent) {
    this(ring, topic, maxLag, new CatchUpPool(catchUps, DEFAULT_CATCH_UP_READERS), extent, () -> true);
  }

  /** Without a view of the log, with a given pool and liveness. */
  public UpdateStreams(UpdateRing ring, String topic, long maxLag, CatchUpPool catchUps, BooleanSupplier live) {
    this(ring, topic, maxLag, catchUps, LogExtent.UNKNOWN, live);
  }

  /**
   * @param maxLag how many events a subscriber may fall behind the live head before it is overflowed
   * @param extent what a token the ring cannot vouch for is checked against (recreated topic, retention)
   * @param catchUps the instance's bounded pool of catch-up readers
   * @param live     false while the fan-out consumer is down: no new subscriber is accepted then
   */
  public UpdateStreams(UpdateRing ring, String topic, long maxLag, CatchUpPool catchUps, LogExtent extent,
                       BooleanSupplier live) {
    if (maxLag >= ring.capacity()) {
      throw new IllegalArgumentException("the ring (" + ring.capacity() + ") must be larger than the subscriber "
          + "buffer (" + maxLag + ")");
    }
    this.ring = ring;
    this.topic = topic;
    this.maxLag = maxLag;
    this.catchUps = catchUps;
    this.live = live;
    this.extent = extent;
  }

  /** How this instance writes resume tokens (for transports that hand out positions without a subscription). */
  public TokenScope tokens() {
    // the epoch as last learned: the fan-out learns it again when it finds the topic recreated
    return new TokenScope(topic, extent.epoch());
  }

  /** Where a subscription starts. */
  public sealed interface StartAt permits Live, Earliest, FromToken, Since {}

  /** At the live tail: only updates consumed from now on. */
  public record Live() implements StartAt {}

  /** From the oldest record Kafka still holds. */
  public record Earliest() implements StartAt {}

  /** Right after the position a resume token encodes. */
  public record FromToken(String token) implements StartAt {}

  /**
   * At the first record whose Kafka timestamp is at or after {@code epochMillis} in each partition (the end of a
   * partition with none); without a view of the log, the oldest record.
   */
  public record Since(long epochMillis) implements StartAt {}

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
   * The next offset per partition that {@code token} encodes.
   *
   * @throws ResumeToken.InvalidTokenException for a token that is not valid for this topic
   */
  public long[] positions(String token) {
    return ResumeToken.decode(topic, token, ring.partitions());
  }

  /**
   * @throws ResumeToken.InvalidTokenException for a token that is not valid for this topic
   * @throws IllegalStateException             before the fan-out consumer has its assignment
   */
  public Subscription open(StartAt start, SubscriptionFilter filter, Predicate<ResourceUpdate> scope) {
    if (!ready()) {
      throw new IllegalStateException("the update stream is not ready yet");
    }
    return switch (start) {
      case Live l -> {
        UpdateRing.Tail tail = ring.tail();
        yield new Subscription(ring, tokens(), filter, scope, maxLag, tail.positions(), tail.seq(), null);
      }
      case Earliest e -> at(logStart(), filter, scope);
      case Since s -> {
        long[] at = extent.offsetsAt(s.epochMillis(), ring.partitions());
        yield at(at == null ? logStart() : at, filter, scope);
      }
      case FromToken t -> resume(ResumeToken.read(topic, t.token(), ring.partitions()), filter, scope);
    };
  }

  /** The oldest record of every partition still held (0s without a view of the log). */
  private long[] logStart() {
    LogExtent.Bounds bounds = extent.bounds(ring.partitions());
    return bounds == null ? new long[ring.partitions()] : bounds.start();
  }

  private Subscription resume(ResumeToken.Position token, SubscriptionFilter filter, Predicate<ResourceUpdate> scope) {
    ResumeGap gap = null;
    if (needsCheck(token)) {
      LogExtent.Bounds bounds = extent.bounds(ring.partitions());
      gap = bounds == null ? null : ResumeCheck.check(token, bounds);
    }
    if (gap == null) {
      return at(token.next(), filter, scope);
    }
    log.info("resume token outside the log ({}): lost {}, restarting at {}", gap.cause().wire(), gap.lost(),
        Arrays.toString(gap.restart()));
    Subscription s = at(gap.restart(), filter, scope);
    s.announce(gap);
    return s;
  }

  /**
   * Whether the log must be asked: the ring vouches for a position it covers and that this instance has already
   * read up to, in the same topic incarnation; anything else may be below the log start or past its end.
   */
  private boolean needsCheck(ResumeToken.Position token) {
    if (token.epoch() != ResumeToken.NO_EPOCH && token.epoch() != extent.epoch()) {
      return true;
    }
    long[] read = ring.current();
    for (int p = 0; p < read.length; p++) {
      if (token.next()[p] > read[p]) {
        return true;
      }
    }
    return ring.cursorFor(token.next(), maxLag / 2).isEmpty();
  }

  private Subscription at(long[] positions, SubscriptionFilter filter, Predicate<ResourceUpdate> scope) {
    OptionalLong cursor = ring.cursorFor(positions, maxLag / 2);
    if (cursor.isPresent()) {
      return new Subscription(ring, tokens(), filter, scope, maxLag, positions, cursor.getAsLong(), null);
    }
    // the reader is taken from the pool by the subscription itself, when it first needs one
    return new Subscription(ring, tokens(), filter, scope, maxLag, positions, -1, catchUps);
  }
}
