package io.mmpipe.gateway.security;

import io.mmpipe.gateway.cache.ReadCache;
import io.mmpipe.mattermost.rest.MattermostApiException;
import io.mmpipe.runtime.config.Secret;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The channel scope of Mattermost users: the channels each is a member of (DMs and groups included), loaded with
 * the user's own token, cached in Redis ({@code scope:<user id>}) and in a bounded memory cache, both for the TTL,
 * and kept current by {@link #apply} from the {@code member_added}/{@code member_removed} updates of
 * {@code mm.updates}, which every gateway instance reads before its subscribers do. Failing to learn a scope (a
 * revoked token, Mattermost unreachable) yields no channel, not every channel.
 */
public final class Memberships {

  static final String MEMBERSHIP_URI = "mattermost://channel_membership";
  private static final Logger log = LoggerFactory.getLogger(Memberships.class);

  private final ReadCache redis;
  private final Function<Secret, Set<String>> loader;
  private final Duration ttl;
  private final TtlCache<String, Set<String>> memory;

  /**
   * @param redis    the read cache (Redis, or none)
   * @param loader   the channel ids a token's user is a member of (Mattermost, with that token)
   * @param ttl      how long a loaded scope is trusted
   * @param maxUsers scopes kept in memory
   */
  public Memberships(ReadCache redis, Function<Secret, Set<String>> loader, Duration ttl, int maxUsers,
                     LongSupplier nanos) {
    this.redis = redis;
    this.loader = loader;
    this.ttl = ttl;
    this.memory = new TtlCache<>(maxUsers, ttl, nanos);
  }

  public boolean isMember(String userId, Secret token, String channelId) {
    return channels(userId, token).contains(channelId);
  }

  /** The user's channels now; empty when they cannot be learnt. */
  public Set<String> channels(String userId, Secret token) {
    Set<String> known = memory.get(userId);
    if (known != null) {
      return known;
    }
    Set<String> loaded = redis.get("scope:" + userId, ttl, () -> load(token), s -> String.join(" ", s),
        Memberships::decode);
    if (loaded == null) {
      return Set.of();
    }
    memory.put(userId, loaded);
    return loaded;
  }

  private Set<String> load(Secret token) {
    try {
      return Set.copyOf(loader.apply(token));
    } catch (MattermostApiException e) {
      log.info("could not learn a Mattermost user's channels ({}): they see none until it works",
          e.status() == 0 ? "Mattermost unreachable" : "HTTP " + e.status());
      return null;
    }
  }

  private static Set<String> decode(String stored) {
    return stored.isEmpty() ? Set.of() : Set.of(stored.split(" "));
  }

  /** Keeps the scopes current: a membership update changes the user's cached channels at once. */
  public void apply(ResourceUpdate u) {
    if (!MEMBERSHIP_URI.equals(u.getResourceUri()) || u.getUserId() == null || u.getChannelId() == null) {
      return;
    }
    String channel = u.getChannelId();
    boolean added = "member_added".equals(u.getUpdateType());
    if (!added && !"member_removed".equals(u.getUpdateType())) {
      return;
    }
    memory.update(u.getUserId(), s -> {
      Set<String> next = new HashSet<>(s);
      if (added) {
        next.add(channel);
      } else {
        next.remove(channel);
      }
      return Set.copyOf(next);
    });
    redis.evict("scope:" + u.getUserId()); // the next instance to ask reloads it from Mattermost
  }

  int cachedUsers() {
    return memory.size();
  }
}
