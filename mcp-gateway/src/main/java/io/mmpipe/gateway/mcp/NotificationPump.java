package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.http.JsonText;
import io.mmpipe.gateway.metrics.ClientCounts;
import io.mmpipe.gateway.metrics.GatewayMetrics;
import io.mmpipe.gateway.security.Principal;
import io.mmpipe.gateway.sse.SseWriter;
import io.mmpipe.gateway.stream.StreamDirectory;
import io.mmpipe.gateway.stream.Subscription;
import io.mmpipe.gateway.stream.SubscriptionFilter;
import io.mmpipe.gateway.stream.UpdateStreams;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Turns a {@link Subscription} into {@code notifications/resources/updated} on an SSE stream: for each update, one
 * notification per watched uri it changes. The stream's thread drives it (the subscription is pull-based, as on
 * {@code /events}), re-reading the watched uris every {@code refresh} and taking changes pushed by this instance at
 * once. Event ids, when wanted, are the subscription's resume tokens, so {@code Last-Event-ID} resumes exactly.
 */
final class NotificationPump {

  /** Why a stream ended. */
  enum End { STOPPED, OVERFLOW }

  /**
   * How long a stream waits on {@code mm.updates} at most while it watches a resource of another stream: the other
   * stream is looked at in between, so this bounds how late such a notification (a broadcast) can be.
   */
  static final Duration OTHER_STREAMS_WAIT = Duration.ofMillis(100);
  /** Signals taken from one other stream per turn, so a burst there cannot starve {@code mm.updates}. */
  private static final int OTHERS_BATCH = 64;

  private final ResourceRegistry resources;
  private final UpdateStreams updates;
  private final StreamDirectory directory;
  private final GatewayMetrics metrics;
  private final Duration keepAlive;
  private final Duration refresh;

  NotificationPump(ResourceRegistry resources, UpdateStreams updates, GatewayMetrics metrics, Duration keepAlive,
                   Duration refresh) {
    this(resources, new StreamDirectory(updates), metrics, keepAlive, refresh);
  }

  /** Also notifies about the resources that have a stream of their own in {@code directory} (the broadcasts). */
  NotificationPump(ResourceRegistry resources, StreamDirectory directory, GatewayMetrics metrics, Duration keepAlive,
                   Duration refresh) {
    this.resources = resources;
    this.updates = directory.updates();
    this.directory = directory;
    this.metrics = metrics;
    this.keepAlive = keepAlive;
    this.refresh = refresh;
  }

  /**
   * Runs until the stream must stop or overflows.
   *
   * @param watched      the uris to notify about, re-read every {@code refresh}; null keeps the previous set
   * @param notification the notification for a uri
   * @param listChanged  the notification that the resource list changed, or null when the stream did not ask
   * @param withIds      whether events carry resume ids (the legacy GET stream)
   * @throws IOException when the client went away
   */
  End run(Subscription sub, Principal principal, SseWriter w, OpenStreams.Handle handle,
          Supplier<Set<String>> watched, Function<String, ObjectNode> notification, ObjectNode listChanged,
          boolean withIds) throws IOException, InterruptedException {
    return run(sub, openOthers(principal), principal, w, handle, watched, notification, listChanged, withIds);
  }

  /**
   * As above, with the other streams' subscriptions opened by the caller ({@link #openOthers}) before it
   * acknowledged anything, so nothing after the acknowledgement is missed; closed here.
   */
  End run(Subscription sub, List<Subscription> others, Principal principal, SseWriter w, OpenStreams.Handle handle,
          Supplier<Set<String>> watched, Function<String, ObjectNode> notification, ObjectNode listChanged,
          boolean withIds) throws IOException, InterruptedException {
    metrics.subscriberOpened();
    try (ClientCounts.Lease client = metrics.clients().open(ClientCounts.Transport.MCP)) {
      Predicate<ResourceUpdate> listChanges = listChanged == null ? u -> false : resources.listChanges(principal);
      return pump(new Stream(sub, principal::canSee, w, notification, listChanges, listChanged), others, handle,
          watched, withIds);
    } finally {
      others.forEach(Subscription::close);
      metrics.subscriberClosed();
    }
  }

  /**
   * A live subscription of every other stream (the broadcasts), opened with the stream whatever it watches now, so a
   * resource of theirs subscribed later is notified from then on. A stream not ready yet is left out.
   */
  List<Subscription> openOthers(Principal principal) {
    List<Subscription> out = new ArrayList<>();
    for (String resource : directory.ownResources()) {
      UpdateStreams other = directory.forResource(resource);
      if (other.ready()) {
        out.add(other.open(new UpdateStreams.Live(), SubscriptionFilter.ALL, principal::canSee));
      }
    }
    return out;
  }

  /**
   * One stream being pumped: its subscription and who may see what, where it writes, what it sends, and when the
   * resource list changed for it (never, when it did not ask).
   */
  private record Stream(Subscription sub, Predicate<ResourceUpdate> scope, SseWriter w,
                        Function<String, ObjectNode> notification, Predicate<ResourceUpdate> listChanges,
                        ObjectNode listChanged) {}

  private End pump(Stream stream, List<Subscription> others, OpenStreams.Handle handle,
                   Supplier<Set<String>> watched, boolean withIds) throws IOException, InterruptedException {
    Subscription sub = stream.sub();
    SseWriter w = stream.w();
    Function<String, ObjectNode> notification = stream.notification();
    WatchSet watch = new WatchSet(resources, updates, sub, stream.scope(), watched.get());
    long now = System.nanoTime();
    long nextRefresh = now + refresh.toNanos();
    long lastWrite = now;
    Duration wait = Duration.ofMillis(Math.min(refresh.toMillis(), Math.min(keepAlive.toMillis(), 500)));
    while (!handle.stopRequested()) {
      adopt(handle.takePushed(), watch, stream);
      if (!others.isEmpty() && drainOthers(others, watch, stream) == End.OVERFLOW) {
        w.flush();
        metrics.overflowed();
        return End.OVERFLOW;
      }
      Duration next = watchesOthers(watch) && wait.compareTo(OTHER_STREAMS_WAIT) > 0 ? OTHER_STREAMS_WAIT : wait;
      Subscription.Signal s = sub.next(w.pending() ? Duration.ZERO : next);
      switch (s) {
        case Subscription.Deliver d -> {
          adopt(handle.takePushed(), watch, stream); // a change made while we waited applies to what arrives after
          List<String> changed = watch.matching(d.event().update());
          for (int i = 0; i < changed.size(); i++) {
            boolean last = i == changed.size() - 1;
            w.event("message", last && withIds ? d.token() : null, JsonText.write(notification.apply(changed.get(i))));
          }
          if (!changed.isEmpty()) {
            metrics.delivered(d.event().update().getObservedAt());
          }
          if (stream.listChanges().test(d.event().update())) {
            w.event("message", null, JsonText.write(stream.listChanged()));
          }
        }
        case Subscription.Idle i -> {
          if (w.pending()) {
            w.flush();
            lastWrite = System.nanoTime();
          }
        }
        case Subscription.Reset r -> {
          // updates were lost (retention, recreated topic): every watched resource may have changed, re-read it
          for (String uri : watch.uris()) {
            w.event("message", withIds ? r.token() : null, JsonText.write(notification.apply(uri)));
          }
          metrics.reset(r.gap().cause().wire());
        }
        case Subscription.Overflow o -> {
          w.flush();
          metrics.overflowed();
          return End.OVERFLOW;
        }
      }
      now = System.nanoTime();
      if (w.size() > 64 * 1024) {
        w.flush();
        lastWrite = now;
      }
      if (now - lastWrite > keepAlive.toNanos()) {
        w.comment("keep-alive").flush();
        lastWrite = now;
      }
      if (now > nextRefresh) {
        watch.replace(watched.get());
        nextRefresh = now + refresh.toNanos();
      }
    }
    w.flush();
    return End.STOPPED;
  }

  /** Whether a watched uri is served by another stream, which the wait on {@code mm.updates} does not see. */
  private boolean watchesOthers(WatchSet watch) {
    for (String uri : watch.uris()) {
      if (directory.own(uri).isPresent()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Notifies what the other streams hold right now (without an id: a stream's ids are positions in
   * {@code mm.updates}; a client that reconnects re-reads what it watches anyway). A reset there means broadcasts
   * were lost: every watched uri of that stream may have changed.
   */
  private End drainOthers(List<Subscription> others, WatchSet watch, Stream stream)
      throws IOException, InterruptedException {
    for (Subscription other : others) {
      batch:
      for (int i = 0; i < OTHERS_BATCH; i++) {
        Subscription.Signal s = other.next(Duration.ZERO);
        switch (s) {
          case Subscription.Deliver d -> {
            for (String uri : watch.matching(d.event().update())) {
              stream.w().event("message", null, JsonText.write(stream.notification().apply(uri)));
            }
          }
          case Subscription.Reset r -> {
            for (String uri : watch.uris()) {
              if (directory.own(uri).isPresent()) {
                stream.w().event("message", null, JsonText.write(stream.notification().apply(uri)));
              }
            }
            metrics.reset(r.gap().cause().wire());
          }
          case Subscription.Overflow o -> {
            return End.OVERFLOW;
          }
          case Subscription.Idle idle -> {
            break batch; // nothing more there now
          }
        }
      }
    }
    return End.STOPPED;
  }

  /**
   * Takes a pushed subscription set; one made on another instance comes with the position it was acknowledged at,
   * and the uris it owes a notification for are notified now (without an id: the resume position does not move
   * back).
   */
  private static void adopt(OpenStreams.Pushed pushed, WatchSet watch, Stream stream)
      throws IOException, InterruptedException {
    if (pushed == null) {
      return;
    }
    if (pushed.since() == null) {
      watch.replace(pushed.uris());
      return;
    }
    for (String uri : watch.owed(pushed.uris(), pushed.since())) {
      stream.w().event("message", null, JsonText.write(stream.notification().apply(uri)));
    }
  }

}
