package io.mmpipe.ingestor.presence;

import io.mmpipe.ingestor.channels.ChannelDirectory;
import io.mmpipe.ingestor.mapping.RawEventMapper;
import io.mmpipe.ingestor.metrics.IngestorMetrics;
import io.mmpipe.ingestor.publish.Publisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Other users' presence. Mattermost sends {@code status_change} only to the user's own connections, so the bot's
 * socket never hears anyone else's; like Mattermost's web app, this polls {@code POST /users/status/ids} for the
 * members of the watched channels every interval and emits a {@code status_change} (source POLL) for each user whose
 * status differs from the last one read. The first reading of a user is the baseline and emits nothing (a restart
 * would otherwise announce every member again).
 *
 * <p>State: one status per user, only for current members of watched channels, at most {@code maxUsers} (members
 * past that are not polled, and the log says so once per pass).
 */
public final class StatusPoller implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StatusPoller.class);
  /** Ids per status request; the server sets no limit, this keeps one request's body small. */
  static final int BATCH = 200;

  private final StatusSource source;
  private final ChannelDirectory channels;
  private final RawEventMapper mapper;
  private final Publisher sink;
  private final Duration interval;
  private final int maxUsers;
  private final String skipUserId;
  private final IngestorMetrics metrics;
  private final LongSupplier clock;
  /** Last status read per user; touched only by the polling thread. */
  private Map<String, String> last = new HashMap<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("status-poller").factory());

  /**
   * @param skipUserId a user whose changes arrive otherwise (the bot's own, over its WebSocket), or null
   */
  public StatusPoller(StatusSource source, ChannelDirectory channels, RawEventMapper mapper,
      Publisher sink, Duration interval, int maxUsers, String skipUserId, IngestorMetrics metrics,
      LongSupplier clock) {
    if (interval.isZero() || interval.isNegative() || maxUsers < 1) {
      throw new IllegalArgumentException("a positive interval and maxUsers are needed");
    }
    this.source = source;
    this.channels = channels;
    this.mapper = mapper;
    this.sink = sink;
    this.interval = interval;
    this.maxUsers = maxUsers;
    this.skipUserId = skipUserId;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** Reads now, then every interval, on one virtual thread. */
  public void start() {
    timer.scheduleWithFixedDelay(() -> {
      try {
        pass();
      } catch (RuntimeException e) {
        log.warn("status poll failed: {}", e.getMessage());
      }
    }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One reading of every watched member's status; emits the changes. */
  void pass() {
    if (!sink.available()) {
      return; // Kafka is away: a reading now could not be delivered, and the next one after it returns will do
    }
    Set<String> users = new LinkedHashSet<>();
    boolean truncated = false;
    for (String ch : channels.ids()) {
      for (String u : source.members(ch)) {
        if (u.equals(skipUserId)) {
          continue;
        }
        if (users.size() >= maxUsers && !users.contains(u)) {
          truncated = true;
          continue;
        }
        users.add(u);
      }
    }
    if (truncated) {
      log.warn("watched channels have more than {} members; statuses of the rest are not polled", maxUsers);
    }
    Map<String, String> now = new HashMap<>();
    List<String> ids = new ArrayList<>(users);
    for (int i = 0; i < ids.size(); i += BATCH) {
      now.putAll(source.statuses(ids.subList(i, Math.min(ids.size(), i + BATCH))));
    }
    long observed = clock.getAsLong();
    List<CompletableFuture<Void>> acks = new ArrayList<>();
    for (Map.Entry<String, String> e : now.entrySet()) {
      String before = last.get(e.getKey());
      if (before != null && !before.equals(e.getValue())) {
        acks.add(sink.send(mapper.polledStatus(e.getKey(), e.getValue(), observed)));
      }
    }
    // a change counts as taken only once Kafka acknowledged it: if one failed, the old reading stays and the next
    // pass announces the change again
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
    // only current members are remembered: the state never outgrows maxUsers
    last = now;
    metrics.statusPoll();
  }

  /** How many users' statuses are remembered. */
  int remembered() {
    return last.size();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
