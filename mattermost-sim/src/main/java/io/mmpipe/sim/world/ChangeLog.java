package io.mmpipe.sim.world;

import io.mmpipe.sim.SimChange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The world's change log, bounded: it keeps the most recent {@code limit} changes and drops the oldest, so a
 * simulator under load for days holds a fixed amount. Every change keeps its absolute index (the n-th change ever
 * made is index n, whatever was dropped before it), so a reader that remembers an index keeps its place, and one
 * asking for dropped changes is told so ({@link Page#dropped()}) instead of getting a shifted list. Not thread-safe:
 * used under the world's lock.
 */
public final class ChangeLog {

  /**
   * The default limit: about a day and a half of the demo's load (345,000 changes a day), 100 s at 5,000 changes/s;
   * a change costs about 40 bytes here (measured; its strings are the post's and user's own), so about 20 MB when
   * full.
   */
  public static final int DEFAULT_LIMIT = 500_000;
  /** The highest limit accepted (about 400 MB of changes). */
  public static final int MAX_LIMIT = 10_000_000;

  /**
   * One page of the log.
   *
   * @param firstIndex the index of the oldest change still kept
   * @param dropped how many of the asked changes (from the asked index on) are no longer kept; the page starts at
   *     {@code firstIndex} then
   * @param nextIndex the index to ask for next: the end when the page is empty
   */
  public record Page(long firstIndex, long dropped, List<SimChange> changes, long nextIndex) {}

  private final int limit;
  // a ring once full: index i lives at i % ring.length; it grows (by copying, nothing dropped yet) up to the limit
  private SimChange[] ring;
  private long end;

  public ChangeLog(int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("the change log limit must be 1 to " + MAX_LIMIT + " (was " + limit + ")");
    }
    this.limit = limit;
    this.ring = new SimChange[Math.min(limit, 1024)];
  }

  public int limit() {
    return limit;
  }

  void add(SimChange change) {
    if (end == ring.length && ring.length < limit) {
      ring = Arrays.copyOf(ring, (int) Math.min(limit, 2L * ring.length));
    }
    ring[(int) (end % ring.length)] = change;
    end++;
  }

  /** The index the next change gets: how many were ever made. */
  public long end() {
    return end;
  }

  /** The index of the oldest change kept. */
  public long first() {
    return end - Math.min(end, ring.length);
  }

  /** At most {@code max} changes from {@code index} on (from the oldest kept when it was dropped). */
  public Page page(long index, int max) {
    long first = first();
    long from = Math.max(first, Math.min(index, end));
    int n = (int) Math.min(end - from, Math.max(0, max));
    List<SimChange> out = new ArrayList<>(n);
    for (long i = from; i < from + n; i++) {
      out.add(ring[(int) (i % ring.length)]);
    }
    return new Page(first, Math.max(0, first - index), Collections.unmodifiableList(out), from + n);
  }

  /** Every change kept from {@code index} on; asking for a dropped one is an error naming what is kept. */
  public List<SimChange> since(long index) {
    Page p = page(index, (int) Math.min(Integer.MAX_VALUE, Math.max(0, end - index)));
    if (p.dropped() > 0) {
      throw new IllegalStateException("changes " + index + " to " + (p.firstIndex() - 1) + " were dropped: the"
          + " simulator keeps the most recent " + limit + " (SIM_CHANGE_LOG_LIMIT); the oldest kept is "
          + p.firstIndex());
    }
    return p.changes();
  }

  /** Every change kept, oldest first. */
  public List<SimChange> kept() {
    return page(first(), limit).changes();
  }
}
