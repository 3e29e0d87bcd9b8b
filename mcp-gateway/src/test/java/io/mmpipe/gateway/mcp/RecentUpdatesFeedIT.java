package io.mmpipe.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.gateway.TestUpdates;
import io.mmpipe.gateway.cache.ChannelCache;
import io.mmpipe.gateway.security.Principal;
import io.mmpipe.gateway.stream.ResumeToken;
import io.mmpipe.gateway.stream.UpdateEvent;
import io.mmpipe.gateway.stream.UpdateJson;
import io.mmpipe.gateway.stream.UpdateRing;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.schemas.json.ResourceUpdateJson;
import io.mmpipe.testkit.RedisExtension;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A feed read through the Redis cache and this instance's ring, on a real redis-server. */
class RecentUpdatesFeedIT {

  @RegisterExtension static final RedisExtension REDIS = new RedisExtension();

  private static final String TOPIC = "t.mm.updates";
  private static final String FEED = "mattermost://new_channel_posts";

  private final AtomicInteger hits = new AtomicInteger();
  private final AtomicInteger misses = new AtomicInteger();
  private final UpdateRing ring = new UpdateRing(100);
  private ChannelCache cache;
  private RecentUpdates recent;

  @BeforeEach
  void setUp() {
    cache = new ChannelCache(URI.create(REDIS.url()), "t" + UUID.randomUUID() + ":mmpipe:", 50);
    recent = new RecentUpdates(ring, TOPIC, cache, hits::incrementAndGet, misses::incrementAndGet);
  }

  @AfterEach
  void tearDown() {
    cache.close();
  }

  private static UpdateEvent event(String id, int partition, long offset, double timestamp) {
    ResourceUpdate u = ResourceUpdate.newBuilder(TestUpdates.post("c" + partition, id, "hi"))
        .setTimestamp(timestamp).build();
    return new UpdateEvent(-1, partition, offset, u, UpdateJson.of(u));
  }

  private static ChannelCache.FeedEntry cached(UpdateEvent e) {
    return new ChannelCache.FeedEntry(FEED, e.partition(), e.offset(), e.update().getTimestamp(), e.json().text());
  }

  private static List<String> ids(RecentUpdates.Snapshot s) {
    return s.updates().stream().map(j -> ResourceUpdateJson.read(j).get("event_id").asText()).toList();
  }

  @Test
  void shouldServeAFeedFromRedisMergedWithTheRingAndNothingPastTheToken() {
    UpdateEvent before = event("before", 0, 0, 1.0);   // before this instance started: only Redis has it
    UpdateEvent both = event("both", 1, 0, 2.0);       // written by the cache writer and seen by the ring
    UpdateEvent ringOnly = event("ringonly", 0, 1, 3.0); // the writer has not got to it yet
    UpdateEvent ahead = event("ahead", 1, 1, 4.0);     // the writer is ahead of this instance's ring
    ring.init(new long[] {1, 0});
    ring.append(List.of(both, ringOnly));
    cache.write(List.of(), List.of(cached(before), cached(both), cached(ahead)));

    RecentUpdates.Snapshot s = recent.feed(FEED, new Principal.Anonymous(), 50);

    assertThat(ids(s)).as("oldest first, each once, nothing at or past the token")
        .containsExactly("post_before", "post_both", "post_ringonly");
    assertThat(s.resumeToken()).isEqualTo(ResumeToken.encode(TOPIC, new long[] {2, 1}));
    assertThat(hits).hasValue(1);
    assertThat(misses).hasValue(0);
    assertThat(ids(recent.feed(FEED, new Principal.Anonymous(), 2))).containsExactly("post_both", "post_ringonly");
    assertThat(recent.feed("mattermost://reactions", new Principal.Anonymous(), 50).updates()).isEmpty();
    assertThat(misses).as("an empty feed in Redis is a miss").hasValue(1);
  }

  @Test
  void shouldAnswerFromTheRingWhileRedisIsDown() {
    ring.init(new long[] {1, 0});
    ring.append(List.of(event("live", 1, 0, 2.0)));
    cache.write(List.of(), List.of(cached(event("old", 0, 0, 1.0))));
    REDIS.server().stop();
    try {
      RecentUpdates.Snapshot s = recent.feed(FEED, new Principal.Anonymous(), 50);
      assertThat(ids(s)).containsExactly("post_live");
      assertThat(s.resumeToken()).isEqualTo(ResumeToken.encode(TOPIC, new long[] {1, 1}));
      assertThat(misses).hasValue(1);
      assertThat(hits).hasValue(0);
    } finally {
      REDIS.server().restart();
    }
  }
}
