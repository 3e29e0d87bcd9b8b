package io.mmpipe.devstack.chaos;

import io.mmpipe.devkit.SseClient;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A subscriber of {@code /events} through nginx that does what a client is told to do: when its stream ends it
 * connects again (any gateway, nginx chooses) with {@code Last-Event-ID}, until stopped. It counts every update id
 * it receives and how many times; nothing else is kept. Optionally slow: it pauses reading for a while after each
 * update, as a client on a poor link.
 */
final class Subscriber implements AutoCloseable {

  private static final Pattern EVENT_ID = Pattern.compile("\"event_id\":\"([^\"]+)\"");
  /** Distinct update ids kept at most; a chaos run makes far fewer (a run that would overflow it is cut short). */
  static final int MAX_IDS = 2_000_000;

  private final String name;
  private final URI first;
  private final String token;
  private final long pauseMs;
  private final long slowUntilNanos;
  private final Map<String, Integer> ids = new ConcurrentHashMap<>();
  private final AtomicInteger duplicates = new AtomicInteger();
  private final AtomicInteger reconnects = new AtomicInteger();
  private final AtomicLong lastDeliveryNanos = new AtomicLong(System.nanoTime());
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread loop;
  private volatile String lastEventId;
  private volatile SseClient current;

  /**
   * @param fromEarliest every update the gateways hold, or only the live ones
   * @param pauseMs      a pause after each update while slow (0: never slow)
   * @param slowForMs    how long it stays slow after connecting
   */
  Subscriber(String name, String baseUrl, String token, boolean fromEarliest, long pauseMs, long slowForMs) {
    this.name = name;
    this.first = URI.create(baseUrl + "/events" + (fromEarliest ? "?from=earliest" : ""));
    this.token = token;
    this.pauseMs = pauseMs;
    this.slowUntilNanos = System.nanoTime() + slowForMs * 1_000_000;
    this.loop = Thread.ofVirtual().name("chaos-" + name).start(this::run);
  }

  private void run() {
    while (running.get()) {
      SseClient c = null;
      try {
        Map<String, String> headers = lastEventId == null ? Map.of("Authorization", "Bearer " + token)
            : Map.of("Authorization", "Bearer " + token, "Last-Event-ID", lastEventId);
        c = SseClient.connect(first, headers, this::onEvent);
        current = c;
        if (c.status() == 200) {
          while (running.get() && !c.ended()) {
            Thread.sleep(100);
          }
        }
      } catch (RuntimeException e) {
        // nginx or every gateway down: try again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        if (c != null) {
          String id = c.lastEventId();
          if (id != null) {
            lastEventId = id;
          }
          c.close();
        }
      }
      if (running.get()) {
        reconnects.incrementAndGet();
        try {
          Thread.sleep(300);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private void onEvent(SseClient.Event e) {
    if (e.id() != null) {
      lastEventId = e.id();
    }
    Matcher m = EVENT_ID.matcher(e.data());
    if (!m.find()) {
      return;
    }
    lastDeliveryNanos.set(System.nanoTime());
    String id = m.group(1);
    if (ids.size() < MAX_IDS || ids.containsKey(id)) {
      if (ids.merge(id, 1, Integer::sum) > 1) {
        duplicates.incrementAndGet();
      }
    }
    if (pauseMs > 0 && System.nanoTime() < slowUntilNanos) {
      try {
        Thread.sleep(pauseMs);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
    }
  }

  String name() {
    return name;
  }

  boolean has(String eventId) {
    return ids.containsKey(eventId);
  }

  /** Delivered update ids as keys ({@link Ledger#keyOf}) with how many distinct ids map to each. */
  Map<String, Integer> deliveredKeys() {
    Map<String, Integer> keys = new java.util.HashMap<>();
    ids.keySet().forEach(id -> keys.merge(Ledger.keyOf(id), 1, Integer::sum));
    return keys;
  }

  int duplicates() {
    return duplicates.get();
  }

  int reconnects() {
    return reconnects.get();
  }

  long msSinceLastDelivery() {
    return (System.nanoTime() - lastDeliveryNanos.get()) / 1_000_000;
  }

  @Override
  public void close() {
    running.set(false);
    SseClient c = current;
    if (c != null) {
      c.close();
    }
    loop.interrupt();
  }
}
