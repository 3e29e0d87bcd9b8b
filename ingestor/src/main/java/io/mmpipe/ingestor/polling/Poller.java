package io.mmpipe.ingestor.polling;

import io.github.resilience4j.core.IntervalFunction;
import io.mmpipe.ingestor.channels.ChannelDirectory;
import io.mmpipe.ingestor.mapping.RawEventMapper;
import io.mmpipe.ingestor.metrics.IngestorMetrics;
import io.mmpipe.ingestor.publish.Publisher;
import io.mmpipe.mattermost.rest.CatchUpGap;
import io.mmpipe.mattermost.rest.MattermostErrors;
import io.mmpipe.schemas.avro.Post;
import io.mmpipe.schemas.avro.Reaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * REST polling: one pass over every channel at start, then every interval, and on demand (catch-up after the
 * WebSocket lost events). Per channel: {@code since=<cursor>} (completed by a page walk when capped, see
 * {@link PostSource}), edit-history rows skipped, one {@code polled_post} per row and one {@code polled_reactions}
 * snapshot per returned post (its update_at changed, so its reactions may have), and one {@code gap} event when the
 * API kept changes out of reach. Channels are polled in parallel on virtual threads; one channel's failure never stops
 * the others, and a failing channel backs off on its own.
 *
 * <p>A channel's cursor moves only past rows Kafka acknowledged; while the publisher is unavailable nothing is read
 * and a requested catch-up stays owed until it has run. WebSocket traffic moves the cursors forward too
 * ({@link #streamed}), except while a catch-up is owed, so that a catch-up starts where the stream stopped.
 */
public final class Poller implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Poller.class);
  /** Mattermost's own web client caps its reconnect backoff here too. */
  private static final Duration MAX_CHANNEL_BACKOFF = Duration.ofMinutes(5);
  /** How far a failing channel's wait strays either side of its doubling, so failing channels spread over passes. */
  private static final double CHANNEL_JITTER = 0.5;

  private final PostSource source;
  private final ChannelDirectory channels;
  private final RawEventMapper mapper;
  private final Publisher sink;
  private final boolean periodic;
  private final Map<String, Long> initialCursors;
  private final Duration interval;
  private final Duration lookback;
  private final IngestorMetrics metrics;
  private final LongSupplier clock;
  private final IntervalFunction channelBackoff;
  private final Map<String, ChannelPollState> states = new ConcurrentHashMap<>();
  /** Per channel, the highest post update_at the WebSocket delivered and Kafka acknowledged (one entry a channel). */
  private final Map<String, Long> streamed = new ConcurrentHashMap<>();
  private final AtomicLong catchUpsRequested = new AtomicLong();
  private final AtomicLong catchUpsDone = new AtomicLong();
  private final BlockingQueue<CompletableFuture<Void>> requests = new LinkedBlockingQueue<>();
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicReference<Instant> lastPoll = new AtomicReference<>();
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Thread loop;
  private volatile int failingChannels;

  /**
   * @param initialCursors channel id → last update_at, from {@code mm.channel-cursors}
   * @param periodic       poll every channel every interval; false (streaming only): only catch-ups, and every
   *                       interval a retry of the channels whose catch-up failed
   */
  public Poller(PostSource source, ChannelDirectory channels, RawEventMapper mapper, Publisher sink,
      Map<String, Long> initialCursors, Duration interval, Duration lookback, IngestorMetrics metrics,
      LongSupplier clock, boolean periodic) {
    this.source = source;
    this.periodic = periodic;
    this.channels = channels;
    this.mapper = mapper;
    this.sink = sink;
    this.initialCursors = Map.copyOf(initialCursors);
    this.interval = interval;
    this.lookback = lookback;
    this.metrics = metrics;
    this.clock = clock;
    this.channelBackoff = backoff(interval);
  }

  /**
   * The wait in ms before a failing channel is polled again, by consecutive failures (1-based): doubling per failure,
   * randomized by ±{@link #CHANNEL_JITTER} around {@code interval / (1 + jitter)} so that the longest draw is
   * {@code interval * 2^(n-1)}: a channel that failed once is still retried on the next pass. Capped at
   * {@link #MAX_CHANNEL_BACKOFF}; a successful poll starts the count again.
   */
  static IntervalFunction backoff(Duration interval) {
    long centre = Math.max(1, Math.round(interval.toMillis() / (1 + CHANNEL_JITTER)));
    return IntervalFunction.ofExponentialRandomBackoff(centre, 2.0, CHANNEL_JITTER, MAX_CHANNEL_BACKOFF.toMillis());
  }

  /** Starts the loop; when periodic, the first pass runs at once. */
  public void start() {
    loop = Thread.ofVirtual().name("poller").start(this::run);
  }

  /**
   * Polls every channel now, ignoring per-channel backoff; completes when that pass is done. Until a pass after
   * this request succeeded in every channel, WebSocket traffic no longer moves the cursors.
   */
  public CompletableFuture<Void> catchUp() {
    catchUpsRequested.incrementAndGet();
    CompletableFuture<Void> f = new CompletableFuture<>();
    requests.add(f);
    return f;
  }

  /**
   * The WebSocket delivered (and Kafka acknowledged) a post of this channel last updated at {@code updateAt}: a
   * later catch-up need not read before it. Ignored while a catch-up is owed, as the stream lost events then.
   */
  public void streamed(String channelId, long updateAt) {
    if (catchUpsDone.get() >= catchUpsRequested.get()) {
      streamed.merge(channelId, updateAt, Math::max);
    }
  }

  private void run() {
    boolean force = periodic;
    List<CompletableFuture<Void>> waiting = new ArrayList<>();
    while (!closed.get()) {
      try {
        pass(force);
      } catch (RuntimeException e) {
        log.error("poll pass failed", e);
      }
      waiting.forEach(f -> f.complete(null));
      waiting.clear();
      try {
        CompletableFuture<Void> req = requests.poll(interval.toMillis(), TimeUnit.MILLISECONDS);
        force = req != null;
        if (req != null) {
          waiting.add(req);
          requests.drainTo(waiting);
        }
      } catch (InterruptedException e) {
        break;
      }
    }
    waiting.forEach(f -> f.cancel(false));
    requests.forEach(f -> f.cancel(false));
  }

  /** One pass over every watched channel, in parallel. */
  void pass(boolean force) {
    long requested = catchUpsRequested.get();
    List<Future<Boolean>> running = new ArrayList<>();
    for (String ch : Set.copyOf(channels.ids())) {
      if (force || periodic || owed(ch)) {
        running.add(workers.submit(() -> pollChannel(ch, force)));
      }
    }
    int failing = 0;
    for (Future<Boolean> f : running) {
      try {
        if (!f.get()) {
          failing++;
        }
      } catch (Exception e) {
        failing++;
      }
    }
    failingChannels = failing;
    if (failing == 0 && states.values().stream().noneMatch(st -> st.owed)) {
      catchUpsDone.accumulateAndGet(requested, Math::max);
    }
    lastPoll.set(Instant.ofEpochMilli(clock.getAsLong()));
  }

  private boolean owed(String channelId) {
    ChannelPollState st = states.get(channelId);
    return st != null && st.owed;
  }

  /** @return false when the channel failed */
  boolean pollChannel(String channelId, boolean force) {
    long now = clock.getAsLong();
    ChannelPollState st = states.computeIfAbsent(channelId,
        id -> new ChannelPollState(initialCursors.getOrDefault(id, now - lookback.toMillis())));
    st.lock.lock();
    try {
      if (!force && now < st.nextAttemptAt) {
        return st.failures == 0;
      }
      st.owed |= force;
      if (!sink.available()) {
        lastError.set("not polling " + channelId + ": Kafka is unavailable");
        return false; // not a failure of this channel: no backoff, retried as soon as Kafka answers
      }
      st.cursor = Math.max(st.cursor, streamed.getOrDefault(channelId, st.cursor));
      long t0 = System.nanoTime();
      PostSource.Rows answer = source.postsSince(channelId, Math.max(0, st.cursor - 1));
      List<Post> rows = answer.rows();
      long observed = clock.getAsLong();
      long max = st.cursor;
      List<Post> emitted = new ArrayList<>();
      List<CompletableFuture<Void>> acks = new ArrayList<>();
      for (Post p : rows) {
        max = Math.max(max, p.getUpdateAt());
        if (!p.getOriginalId().isEmpty() || st.atCursor.contains(p.getId() + ":" + p.getUpdateAt())) {
          continue; // edit-history rows are not changes; overlap rows were emitted last time
        }
        acks.add(sink.send(mapper.polledPost(p, observed)));
        emitted.add(p);
      }
      if (!emitted.isEmpty()) {
        Map<String, List<Reaction>> reactions = source.reactions(emitted.stream().map(Post::getId).toList(),
            channelId);
        for (Post p : emitted) {
          acks.add(sink.send(mapper.polledReactions(p, reactions.getOrDefault(p.getId(), List.of()), observed)));
        }
      }
      if (answer.gap() != null) {
        acks.add(reportGap(channelId, answer.gap(), observed));
      }
      // the cursor moves only past what Kafka took: a failed record fails the channel, which is read again
      CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
      Set<String> edge = new HashSet<>();
      for (Post p : rows) {
        if (p.getUpdateAt() >= max - 1) {
          edge.add(p.getId() + ":" + p.getUpdateAt());
        }
      }
      st.cursor = max;
      st.atCursor = edge;
      st.failures = 0;
      st.nextAttemptAt = 0;
      st.owed = false;
      metrics.pollLatency(Duration.ofNanos(System.nanoTime() - t0));
      if (!emitted.isEmpty()) {
        log.debug("polled {} posts from {}", emitted.size(), channelId);
      }
      return true;
    } catch (RuntimeException e) {
      st.failures++;
      long backoff = channelBackoff.apply(st.failures);
      st.nextAttemptAt = now + backoff;
      metrics.pollFailure();
      String msg = "polling channel " + channelId + " failed (" + st.failures + " in a row, next try in "
          + backoff / 1000 + " s): " + e.getMessage();
      lastError.set(msg);
      if (MattermostErrors.isAuthFailure(e)) {
        log.error("{}", msg);
      } else if (MattermostErrors.isPermissionDenied(e)) {
        // a 403 is this channel's permission, not the token: this channel backs off, the others go on
        log.warn("{} (no permission on this channel; the others are not affected)", msg);
      } else {
        log.warn("{}", msg);
      }
      return false;
    } finally {
      st.lock.unlock();
    }
  }

  /** Never silent: what the API kept out of reach is counted, logged and sent on as a {@code gap} event. */
  private CompletableFuture<Void> reportGap(String channelId, CatchUpGap gap, long observed) {
    metrics.catchUpGap();
    log.warn("channel {}: catch-up gap: {}", channelId, gap.reason());
    return sink.send(mapper.gap(channelId, gap, observed));
  }

  /** The local cursor of a channel (its highest update_at seen), or null if never polled. */
  public Long cursor(String channelId) {
    ChannelPollState st = states.get(channelId);
    return st == null ? null : st.cursor;
  }

  public Instant lastPoll() {
    return lastPoll.get();
  }

  public String lastError() {
    return lastError.get();
  }

  /** Channels whose last attempt failed. */
  public int failingChannels() {
    return failingChannels;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      Thread t = loop;
      if (t != null) {
        t.interrupt();
        try {
          t.join(5000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      workers.shutdownNow();
    }
  }
}
