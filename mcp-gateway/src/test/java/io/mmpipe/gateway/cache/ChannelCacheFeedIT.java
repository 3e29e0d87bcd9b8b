package io.mmpipe.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.testkit.RedisExtension;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The per-feed sorted sets of {@link ChannelCache} on a real redis-server. */
class ChannelCacheFeedIT {

  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  private static final String FEED = "mattermost://reactions";

  private static ChannelCache.FeedEntry entry(int i) {
    // two partitions, offsets not in time order across them: the feed is ordered by the update's timestamp
    return new ChannelCache.FeedEntry(FEED, i % 2, 100 - i, 1672531200.0 + i, "{\"event_id\":\"e" + i + "\"}");
  }

  @Test
  void shouldKeepOnlyTheNewestNUpdatesOfAFeedAndIgnoreARedelivery() {
    try (ChannelCache cache = new ChannelCache(URI.create(REDIS.url()), "t" + UUID.randomUUID() + ":mmpipe:", 5)) {
      List<ChannelCache.FeedEntry> all = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        all.add(entry(i));
        cache.write(List.of(), List.of(entry(i)));
      }
      cache.write(List.of(), all); // the whole batch again, as after a rebalance

      List<ChannelCache.FeedEntry> kept = cache.recentFeed(FEED, 100);
      assertThat(kept).containsExactly(entry(7), entry(6), entry(5), entry(4), entry(3));
      assertThat(cache.recentFeed(FEED, 2)).containsExactly(entry(7), entry(6));
      assertThat(cache.recentFeed("mattermost://typing", 10)).isEmpty();
      assertThat(cache.feedKey(FEED)).endsWith(":mmpipe:feed:mattermost://reactions:recent");
    }
  }

  @Test
  void shouldKeepChannelsAndFeedsApartInOneBatch() {
    try (ChannelCache cache = new ChannelCache(URI.create(REDIS.url()), "t" + UUID.randomUUID() + ":mmpipe:", 5)) {
      cache.write(List.of(new ChannelCache.Entry("c1", 3, "{\"event_id\":\"c\"}")), List.of(entry(1)));
      assertThat(cache.recent("c1", 10)).containsExactly("{\"event_id\":\"c\"}");
      assertThat(cache.recentFeed(FEED, 10)).containsExactly(entry(1));
    }
  }
}
