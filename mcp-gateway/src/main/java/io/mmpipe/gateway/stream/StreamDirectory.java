package io.mmpipe.gateway.stream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which {@link UpdateStreams} serve a resource: a resource with a stream of its own ({@code stream://broadcasts},
 * read from {@code mm.broadcasts}) gets that one, anything else the {@code mm.updates} streams. Transports look the
 * stream up here, so resume tokens, catch-up and overflow behave the same on every stream.
 */
public final class StreamDirectory {

  /** The broadcasts: records of {@code mm.broadcasts}, as ResourceUpdates of this uri. */
  public static final String BROADCASTS = "stream://broadcasts";

  private final UpdateStreams updates;
  private final Map<String, UpdateStreams> own;

  /** Only the updates (an instance, or a test, without other streams). */
  public StreamDirectory(UpdateStreams updates) {
    this(updates, Map.of());
  }

  /** @param own resource uri → the streams of the topic that holds exactly that resource's updates */
  public StreamDirectory(UpdateStreams updates, Map<String, UpdateStreams> own) {
    this.updates = updates;
    this.own = Map.copyOf(new LinkedHashMap<>(own));
  }

  /** The streams of {@code mm.updates}. */
  public UpdateStreams updates() {
    return updates;
  }

  /** The streams that serve {@code resource}: its own stream, or {@link #updates()} (also for null). */
  public UpdateStreams forResource(String resource) {
    return resource == null ? updates : own.getOrDefault(resource, updates);
  }

  /**
   * The streams a subscription with {@code filter} reads, for every transport: a resource with a stream of its own
   * is served alone (its resume tokens are positions in another topic, so one subscription cannot mix it with the
   * updates); no such resource → {@link #updates()}.
   *
   * @throws IllegalArgumentException (message fit for a client) when the filter mixes such a resource with others
   */
  public UpdateStreams forFilter(SubscriptionFilter filter) {
    List<String> mine = filter.resources().stream().filter(own::containsKey).sorted().toList();
    if (mine.isEmpty()) {
      return updates;
    }
    if (filter.resources().size() > 1) {
      throw new IllegalArgumentException(mine.getFirst() + " is a stream of its own; subscribe to it without other "
          + "resources");
    }
    return own.get(mine.getFirst());
  }

  /** The stream of a resource that has one of its own. */
  public Optional<UpdateStreams> own(String resource) {
    return Optional.ofNullable(resource == null ? null : own.get(resource));
  }

  /** The resources with a stream of their own. */
  public Set<String> ownResources() {
    return own.keySet();
  }
}
