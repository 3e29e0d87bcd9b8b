package io.mmpipe.gateway.mcp;

import io.mmpipe.gateway.stream.ResumeToken;
import io.mmpipe.gateway.stream.Subscription;
import io.mmpipe.gateway.stream.SubscriptionFilter;
import io.mmpipe.gateway.stream.UpdateEvent;
import io.mmpipe.gateway.stream.UpdateStreams;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The uris one stream notifies about, and where in the update stream each began to be watched. A subscription made
 * on another instance reaches this stream later than its acknowledgement (over the bus, or by the periodic re-read
 * of the session); {@link #owed} finds the updates the stream passed in between, so a client is notified of every
 * update after its acknowledgement, whichever way and whenever the stream learned of it.
 */
final class WatchSet {

  /** The most past updates one catch-up looks through (bounds the work a late subscription signal costs). */
  static final int CATCH_UP_MAX = 10_000;
  /** How long a catch-up waits for the next past update (from the ring at once; from Kafka a little later). */
  private static final Duration CATCH_UP_WAIT = Duration.ofMillis(200);

  private final ResourceRegistry resources;
  private final UpdateStreams updates;
  private final Subscription live;
  private final Predicate<ResourceUpdate> scope;
  private Map<String, Predicate<ResourceUpdate>> watch = Map.of();
  /** Live position at which a uri joined; absent for the stream's first set (watched from its start). */
  private final Map<String, long[]> joinedAt = new HashMap<>();

  WatchSet(ResourceRegistry resources, UpdateStreams updates, Subscription live, Predicate<ResourceUpdate> scope,
           Set<String> initial) {
    this.resources = resources;
    this.updates = updates;
    this.live = live;
    this.scope = scope;
    this.watch = matchers(initial);
  }

  /** Watches exactly {@code uris} from now on; null keeps the current set. */
  void replace(Set<String> uris) {
    if (uris == null) {
      return;
    }
    Map<String, Predicate<ResourceUpdate>> next = matchers(uris);
    long[] now = null;
    for (String uri : next.keySet()) {
      if (!watch.containsKey(uri)) {
        now = now != null ? now : position();
        if (now != null) {
          joinedAt.put(uri, now);
        }
      }
    }
    joinedAt.keySet().retainAll(next.keySet());
    watch = next;
  }

  /** Every watched uri, in registration order. */
  Set<String> uris() {
    return watch.keySet();
  }

  /** The watched uris {@code u} changes, in registration order. */
  List<String> matching(ResourceUpdate u) {
    return watch.entrySet().stream().filter(e -> e.getValue().test(u)).map(Map.Entry::getKey).toList();
  }

  /**
   * Adopts {@code uris}, acknowledged at {@code since}, and answers which of them an update after {@code since}
   * changed that the stream passed before it watched them (each owes one notification: a notification names only
   * the uri, so one says all that was missed).
   */
  Set<String> owed(Set<String> uris, String since) throws InterruptedException {
    Map<String, long[]> bound = new LinkedHashMap<>();
    long[] now = position();
    for (String uri : uris) {
      if (!watch.containsKey(uri)) {
        if (now != null) {
          bound.put(uri, now);
        }
      } else if (joinedAt.containsKey(uri)) {
        bound.put(uri, joinedAt.get(uri));
      }
    }
    replace(uris);
    Map<String, Predicate<ResourceUpdate>> check = matchers(bound.keySet());
    Set<String> hit = new LinkedHashSet<>();
    if (check.isEmpty() || since == null) {
      return hit;
    }
    try (Subscription past = updates.open(new UpdateStreams.FromToken(since), SubscriptionFilter.ALL, scope)) {
      for (int i = 0; i < CATCH_UP_MAX && hit.size() < check.size(); i++) {
        if (!(past.next(CATCH_UP_WAIT) instanceof Subscription.Deliver d)) {
          break;
        }
        UpdateEvent e = d.event();
        check.forEach((uri, p) -> {
          long[] b = bound.get(uri);
          if (e.partition() < b.length && e.offset() < b[e.partition()] && p.test(e.update())) {
            hit.add(uri);
          }
        });
      }
    } catch (ResumeToken.InvalidTokenException | IllegalStateException e) {
      // a position from another deployment, or the stream is restarting: nothing to catch up on
    }
    return hit;
  }

  private long[] position() {
    try {
      return updates.positions(live.token());
    } catch (ResumeToken.InvalidTokenException e) {
      return null;
    }
  }

  private Map<String, Predicate<ResourceUpdate>> matchers(Set<String> uris) {
    Map<String, Predicate<ResourceUpdate>> m = new LinkedHashMap<>();
    if (uris != null) {
      for (String uri : uris) {
        resources.changes(uri).ifPresent(p -> m.put(uri, p));
      }
    }
    return m;
  }
}
