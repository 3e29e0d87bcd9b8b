package io.mmpipe.gateway.stream;

import io.mmpipe.schemas.avro.ResourceUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber's cursor over {@code mm.updates}, independent of the transport (SSE now; WebSocket and MCP later).
 * The transport thread pulls {@link Signal}s; nothing is pushed to it, so a slow subscriber only delays itself.
 *
 * <p>The subscriber's position is its own offset vector, advanced by every update it passes, matching the filter or
 * not. A record below the position in its partition has been seen and is skipped; that rule alone makes resume,
 * catch-up and the switch to the live ring free of gaps and duplicates, whatever order partitions interleave in.
 *
 * <p>Not thread-safe: one thread drives a subscription.
 */
public final class Subscription implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Subscription.class);
  private static final long MAX_CATCHUP_POLL_NANOS = Duration.ofMillis(200).toNanos();

  /** What happened next. Every signal carries the resume token of the position after it. */
  public sealed interface Signal permits Deliver, Idle, Overflow, Reset {
    String token();
  }

  /** An update for the subscriber. */
  public record Deliver(UpdateEvent event, String token) implements Signal {}

  /** Nothing new within the wait. */
  public record Idle(String token) implements Signal {}

  /** The subscriber fell too far behind the live stream; it must reconnect with this token. Final. */
  public record Overflow(String token) implements Signal {}

  /**
   * The position is no longer in the log (topic recreated, or retention deleted part of it): what was lost and where
   * the stream restarts. The first signal of a resumed subscription whose token was outside the log, or wherever a
   * catch-up reader or the live fan-out found its position gone; the stream goes on after it.
   */
  public record Reset(ResumeGap gap, String token) implements Signal {}

  private final UpdateRing ring;
  private TokenScope tokens; // the epoch changes when a recreated topic's marker is passed
  private final SubscriptionFilter filter;
  private final Predicate<ResourceUpdate> scope;
  private final long maxLag;
  private final long[] pos;
  private long cursor;
  private final CatchUpPool readers;   // null: started on the live ring
  private boolean catchingUp;
  private CatchUpSource.CatchUp reader; // held only while catching up and granted by the pool
  private Iterator<UpdateEvent> pending = Collections.emptyIterator();
  private boolean overflowed;
  private ResumeGap unannounced;

  Subscription(UpdateRing ring, TokenScope tokens, SubscriptionFilter filter, Predicate<ResourceUpdate> scope,
               long maxLag, long[] positions, long cursor, CatchUpPool readers) {
    this.ring = ring;
    this.tokens = tokens;
    this.filter = filter;
    this.scope = scope;
    this.maxLag = maxLag;
    this.pos = positions.clone();
    this.cursor = cursor;
    this.readers = readers;
    this.catchingUp = readers != null;
  }

  /** True while replaying from Kafka rather than reading the live ring. */
  public boolean catchingUp() {
    return catchingUp;
  }

  /** The resume token of the current position. */
  public String token() {
    // a catch-up's position is its own (it moves with every event it replays); live ones are shared, so memoized
    return catchingUp ? tokens.encodeUnshared(pos) : tokens.encode(pos);
  }

  /** Makes {@code gap} the first signal: the positions given at construction are already its restart point. */
  void announce(ResumeGap gap) {
    unannounced = gap;
  }

  /**
   * The next signal, waiting at most {@code wait} for one ({@link Duration#ZERO}: only what is already there).
   */
  public Signal next(Duration wait) throws InterruptedException {
    if (overflowed) {
      return new Overflow(token());
    }
    if (unannounced != null) {
      Reset r = new Reset(unannounced, token());
      unannounced = null;
      return r;
    }
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      if (Thread.currentThread().isInterrupted()) {
        throw new InterruptedException();
      }
      if (catchingUp) {
        if (pending.hasNext()) {
          Signal s = consider(pending.next());
          if (s != null) {
            return s;
          }
          continue;
        }
        passReaderPosition();
        OptionalLong c = ring.cursorFor(pos, maxLag / 2);
        if (c.isPresent()) {
          // the ring now holds everything from our position on: hand over to it; the skip rule drops overlap
          closeReader();
          catchingUp = false;
          cursor = c.getAsLong();
          log.debug("subscription caught up, continuing live at seq {}", cursor);
          continue;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return new Idle(token());
        }
        if (reader == null) {
          // wait in line for one of the instance's few readers for the whole wait: without reading, our position
          // cannot move, and the ring's start only grows, so the ring will not come to cover us meanwhile
          reader = readers.tryOpen(pos, Duration.ofNanos(left)).orElse(null);
        } else {
          pending = reader.poll(Duration.ofNanos(Math.min(left, MAX_CATCHUP_POLL_NANOS))).iterator();
          ResumeGap gap = reader.takeGap();
          if (gap != null) {
            skipTo(gap);
            return new Reset(gap, token());
          }
        }
        continue;
      }
      if (cursor < ring.oldest() || ring.head() - cursor > maxLag) {
        overflowed = true;
        return new Overflow(token());
      }
      UpdateEvent e = ring.get(cursor);
      if (e == null) {
        if (cursor < ring.head()) {
          continue; // overwritten between the checks: the check above reports the overflow
        }
        if (!ring.await(cursor, deadline - System.nanoTime())) {
          return new Idle(token());
        }
        continue;
      }
      cursor++;
      Signal s = consider(e);
      if (s != null) {
        return s;
      }
    }
  }

  /** Moves past what the reader lost: forward past deleted records, or back to the start of a recreated topic. */
  private void skipTo(ResumeGap gap) {
    long[] restart = gap.restart();
    for (int p = 0; p < pos.length && p < restart.length; p++) {
      pos[p] = gap.cause() == ResumeGap.Cause.TOPIC_RECREATED ? restart[p] : Math.max(pos[p], restart[p]);
    }
  }

  private Signal consider(UpdateEvent e) {
    if (e.reset() != null) {
      return passReset(e.reset());
    }
    int p = e.partition();
    if (p >= pos.length || e.offset() < pos[p]) {
      return null; // already passed (or a partition added after start, which this subscription does not follow)
    }
    pos[p] = e.offset() + 1;
    if (!e.decodable() || !filter.matches(e.update()) || !scope.test(e.update())) {
      return null;
    }
    return new Deliver(e, token());
  }

  /**
   * The live fan-out could not read part of the log: the reset as this subscriber sees it (from its own position),
   * or null when it had already passed everything lost.
   */
  private Signal passReset(UpdateEvent.LogReset r) {
    ResumeGap g = r.gap();
    List<ResumeGap.Lost> mine = new ArrayList<>();
    for (ResumeGap.Lost l : g.lost()) {
      int p = l.partition();
      if (p >= pos.length) {
        continue;
      }
      if (l.to() == null) {
        mine.add(new ResumeGap.Lost(p, pos[p], null));
      } else if (pos[p] < l.to()) {
        mine.add(new ResumeGap.Lost(p, Math.max(pos[p], l.from()), l.to()));
      }
    }
    if (g.cause() == ResumeGap.Cause.RETENTION && mine.isEmpty()) {
      return null;
    }
    if (g.cause() == ResumeGap.Cause.TOPIC_RECREATED && r.epoch() != ResumeToken.NO_EPOCH) {
      tokens = new TokenScope(tokens.topic(), r.epoch());
    }
    ResumeGap own = new ResumeGap(g.cause(), mine, g.restart());
    skipTo(own);
    log.info("live subscriber reset ({}): lost {}", own.cause().wire(), mine);
    return new Reset(own, token());
  }

  /**
   * Moves the position up to the reader's once everything it returned was considered: what lies between is no
   * update (a transaction marker or an aborted record), and passing it is what lets a position at the end of an idle
   * partition meet the ring's start, so the hand-over does not wait for that partition's next record.
   */
  private void passReaderPosition() {
    if (reader == null) {
      return;
    }
    for (int p = 0; p < pos.length; p++) {
      pos[p] = Math.max(pos[p], reader.position(p));
    }
  }

  private void closeReader() {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }

  @Override
  public void close() {
    closeReader();
  }
}
