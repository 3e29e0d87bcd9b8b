package io.mmpipe.gateway.security;

import io.mmpipe.gateway.cache.ReadCache;
import io.mmpipe.mattermost.rest.MattermostApiException;
import io.mmpipe.runtime.config.Secret;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;
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
 *
 * <p>A lookup that began before a membership change and ends after it must not bring the old scope back for a TTL:
 * each change moves a generation on (here: one of {@link #STRIPES} counters the user hashes to; in Redis: the key
 * {@code scope-version:<user id>}, by every instance), and a lookup stores its answer only if the generation it read
 * before loading is still current (in memory under {@link #lock}, in Redis by compare-and-set). A lookup that lost
 * that race asks again (its answer may predate the change), at most {@link #ATTEMPTS} times, then sees no channel.
 */
public final class Memberships {

  static final String MEMBERSHIP_URI = "mattermost://channel_membership";
  private static final Logger log = LoggerFactory.getLogger(Memberships.class);

  private final ReadCache redis;
  private final Function<Secret, Set<String>> loader;
  private final Duration ttl;
  private final TtlCache<String, Set<String>> memory;
  /** Membership generations, striped so the memory they take is fixed whatever the number of users. */
  static final int STRIPES = 1024;
  static final int ATTEMPTS = 3;
  private final AtomicLongArray generations = new AtomicLongArray(STRIPES);
  /** Orders "check the generation, then cache" against "change the cached scope, then move the generation on". */
  private final Object lock = new Object();

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
    int stripe = Math.floorMod(userId.hashCode(), STRIPES);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Set<String> known = memory.get(userId);
      if (known != null) {
        return known;
      }
      long generation = generations.get(stripe);
      Set<String> loaded = redis.getUnlessChanged("scope:" + userId, "scope-version:" + userId, ttl,
          () -> load(token), s -> String.join(" ", s), Memberships::decode);
      if (loaded == null) {
        return Set.of();
      }
      synchronized (lock) {
        if (generations.get(stripe) == generation) {
          memory.put(userId, loaded);
          return loaded;
        }
      }
      // a membership change arrived while this was loading: the answer may predate it
    }
    log.info("a Mattermost user's channels changed during {} lookups in a row: they see none this time", ATTEMPTS);
    return Set.of();
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
    synchronized (lock) {
      memory.update(u.getUserId(), s -> {
        Set<String> next = new HashSet<>(s);
        if (added) {
          next.add(channel);
        } else {
          next.remove(channel);
        }
        return Set.copyOf(next);
      });
      generations.incrementAndGet(Math.floorMod(u.getUserId().hashCode(), STRIPES));
    }
    // the next instance to ask reloads it from Mattermost; a load in flight anywhere does not store its answer
    redis.change("scope:" + u.getUserId(), "scope-version:" + u.getUserId(), ttl);
  }

  int cachedUsers() {
    return memory.size();
  }
}
