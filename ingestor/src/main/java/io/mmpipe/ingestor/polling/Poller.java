package io.mmpipe.ingestor.polling;

import io.github.resilience4j.core.IntervalFunction;
import io.mmpipe.ingestor.channels.ChannelDirectory;
import io.mmpipe.ingestor.mapping.KeyedEvent;
import io.mmpipe.ingestor.mapping.RawEventMapper;
import io.mmpipe.ingestor.metrics.IngestorMetrics;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
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
  private final Consumer<KeyedEvent> sink;
  private final Map<String, Long> initialCursors;
  private final Duration interval;
  private final Duration lookback;
  private final IngestorMetrics metrics;
  private final LongSupplier clock;
  private final IntervalFunction channelBackoff;
  private final Map<String, ChannelPollState> states = new ConcurrentHashMap<>();
  private final BlockingQueue<CompletableFuture<Void>> requests = new LinkedBlockingQueue<>();
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicReference<Instant> lastPoll = new AtomicReference<>();
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Thread loop;
  private volatile int failingChannels;

  /**
   * @param initialCursors channel id → last update_at, from {@code mm.channel-cursors}
   */
  public Poller(PostSource source, ChannelDirectory channels, RawEventMapper mapper, Consumer<KeyedEvent> sink,
      Map<String, Long> initialCursors, Duration interval, Duration lookback, IngestorMetrics metrics,
      LongSupplier clock) {
    this.source = source;
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

  /** Starts the loop; the first pass runs at once. */
  public void start() {
    loop = Thread.ofVirtual().name("poller").start(this::run);
  }

  /** Polls every channel now, ignoring per-channel backoff; completes when that pass is done. */
  public CompletableFuture<Void> catchUp() {
    if (loop == null) {
      // streaming-only mode: no periodic loop, the catch-up runs on its own virtual thread
      return CompletableFuture.runAsync(() -> pass(true), workers);
    }
    CompletableFuture<Void> f = new CompletableFuture<>();
    requests.add(f);
    return f;
  }

  private void run() {
    boolean force = true;
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
    List<Future<Boolean>> running = new ArrayList<>();
    for (String ch : Set.copyOf(channels.ids())) {
      running.add(workers.submit(() -> pollChannel(ch, force)));
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
    lastPoll.set(Instant.ofEpochMilli(clock.getAsLong()));
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
      long t0 = System.nanoTime();
      PostSource.Rows answer = source.postsSince(channelId, Math.max(0, st.cursor - 1));
      List<Post> rows = answer.rows();
      long observed = clock.getAsLong();
      long max = st.cursor;
      List<Post> emitted = new ArrayList<>();
      for (Post p : rows) {
        max = Math.max(max, p.getUpdateAt());
        if (!p.getOriginalId().isEmpty() || st.atCursor.contains(p.getId() + ":" + p.getUpdateAt())) {
          continue; // edit-history rows are not changes; overlap rows were emitted last time
        }
        sink.accept(mapper.polledPost(p, observed));
        emitted.add(p);
      }
      if (!emitted.isEmpty()) {
        Map<String, List<Reaction>> reactions = source.reactions(emitted.stream().map(Post::getId).toList(),
            channelId);
        for (Post p : emitted) {
          sink.accept(mapper.polledReactions(p, reactions.getOrDefault(p.getId(), List.of()), observed));
        }
      }
      if (answer.gap() != null) {
        reportGap(channelId, answer.gap(), observed);
      }
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
      } else {
        log.warn("{}", msg);
      }
      return false;
    } finally {
      st.lock.unlock();
    }
  }

  /** Never silent: what the API kept out of reach is counted, logged and sent on as a {@code gap} event. */
  private void reportGap(String channelId, CatchUpGap gap, long observed) {
    metrics.catchUpGap();
    log.warn("channel {}: catch-up gap: {}", channelId, gap.reason());
    sink.accept(mapper.gap(channelId, gap, observed));
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
