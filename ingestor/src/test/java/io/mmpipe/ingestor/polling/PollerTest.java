package io.mmpipe.ingestor.polling;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.core.IntervalFunction;
import io.mmpipe.ingestor.channels.ChannelDirectory;
import io.mmpipe.ingestor.channels.TestChannels;
import io.mmpipe.ingestor.mapping.KeyedEvent;
import io.mmpipe.ingestor.mapping.RawEventMapper;
import io.mmpipe.ingestor.metrics.IngestorMetrics;
import io.mmpipe.ingestor.publish.RecordingPublisher;
import io.mmpipe.mattermost.json.Json;
import io.mmpipe.mattermost.rest.CatchUpGap;
import io.mmpipe.mattermost.rest.MattermostApiException;
import io.mmpipe.schemas.avro.GenericPayload;
import io.mmpipe.schemas.avro.Post;
import io.mmpipe.schemas.avro.PostPayload;
import io.mmpipe.schemas.avro.Reaction;
import io.mmpipe.schemas.avro.ReactionSnapshotPayload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PollerTest {

  private final Map<String, List<Post>> store = new ConcurrentHashMap<>();
  private final Map<String, List<Long>> sinceAsked = new ConcurrentHashMap<>();
  private final Set<String> broken = ConcurrentHashMap.newKeySet();
  private final Map<String, CatchUpGap> gaps = new ConcurrentHashMap<>();
  private final IngestorMetrics metrics = new IngestorMetrics();
  private final RecordingPublisher publisher = new RecordingPublisher();
  private final List<KeyedEvent> out = publisher.out;
  private final AtomicLong now = new AtomicLong(10_000_000);

  private final PostSource source = new PostSource() {
    @Override
    public PostSource.Rows postsSince(String channelId, long since) {
      sinceAsked.computeIfAbsent(channelId, k -> new CopyOnWriteArrayList<>()).add(since);
      if (broken.contains(channelId)) {
        throw new MattermostApiException(MattermostApiException.Kind.RETRIABLE, 503, null, "down", null);
      }
      return new PostSource.Rows(
          store.getOrDefault(channelId, List.of()).stream().filter(p -> p.getUpdateAt() > since).toList(),
          gaps.get(channelId));
    }

    @Override
    public Map<String, List<Reaction>> reactions(Collection<String> postIds, String channelId) {
      Map<String, List<Reaction>> m = new java.util.HashMap<>();
      postIds.forEach(id -> m.put(id, List.of(new Reaction(id, "u2", "eyes", 1L, 1L, 0L, channelId))));
      return m;
    }
  };

  private static Post post(String id, String channel, long update, String originalId, long deleteAt) {
    return Post.newBuilder().setId(id).setChannelId(channel).setCreateAt(update).setUpdateAt(update)
        .setOriginalId(originalId).setDeleteAt(deleteAt).build();
  }

  private Poller poller(List<String> channels, Map<String, Long> cursors) {
    return poller(channels, cursors, true);
  }

  private Poller poller(List<String> channels, Map<String, Long> cursors, boolean periodic) {
    ChannelDirectory dir = TestChannels.directory(channels);
    return new Poller(source, dir, new RawEventMapper("http://mm", "i", dir::teamOf), publisher, cursors,
        Duration.ofSeconds(30), Duration.ofHours(1), metrics, now::get, periodic);
  }

  private List<String> types() {
    return out.stream().map(k -> k.event().getEventType() + ":" + postId(k)).toList();
  }

  private static String postId(KeyedEvent k) {
    return switch (k.event().getPayload()) {
      case PostPayload p -> p.getPost().getId();
      case ReactionSnapshotPayload r -> r.getPostId();
      default -> k.key();
    };
  }

  @Test
  void shouldEmitEveryRowAndItsReactionSnapshotButSkipEditHistory() {
    store.put("c1", List.of(post("p1", "c1", 10_000_100, "", 0), post("old", "c1", 10_000_101, "p1", 10_000_101),
        post("gone", "c1", 10_000_102, "", 10_000_102)));
    Poller p = poller(List.of("c1"), Map.of());
    assertThat(p.pollChannel("c1", false)).isTrue();
    assertThat(types()).containsExactly("polled_post:p1", "polled_post:gone", "polled_reactions:p1",
        "polled_reactions:gone");
    assertThat(out.get(0).key()).isEqualTo("c1");
    assertThat(out.get(0).event().getTeamId()).isEqualTo("t");
    assertThat(((ReactionSnapshotPayload) out.get(2).event().getPayload()).getPostUpdateAt()).isEqualTo(10_000_100);
    assertThat(p.cursor("c1")).isEqualTo(10_000_102);
  }

  @Test
  void shouldReportAGapAsAnEventALogLineAndAMetricAfterTheRowsAndStillMoveTheCursor() throws Exception {
    store.put("c1", List.of(post("p1", "c1", 10_000_100, "", 0)));
    gaps.put("c1", new CatchUpGap(9_000_000, 10_000_050, 9_500_000, false));
    Poller p = poller(List.of("c1"), Map.of("c1", 9_000_001L));
    assertThat(p.pollChannel("c1", false)).isTrue();
    assertThat(types()).containsExactly("polled_post:p1", "polled_reactions:p1", "gap:c1");
    KeyedEvent gap = out.get(2);
    assertThat(gap.event().getChannelId()).isEqualTo("c1");
    assertThat(gap.event().getTeamId()).isEqualTo("t");
    var data = Json.MAPPER.readTree(((GenericPayload) gap.event().getPayload()).getDataJson());
    assertThat(data.path("channel_id").asText()).isEqualTo("c1");
    assertThat(data.path("from").asLong()).isEqualTo(9_000_000);
    assertThat(data.path("to").asLong()).isEqualTo(10_000_050);
    assertThat(data.path("posts_created_before").asLong()).isEqualTo(9_500_000);
    assertThat(data.path("deletions_hidden").asBoolean()).isFalse();
    assertThat(data.path("reason").asText()).contains("posts created before 9500000");
    assertThat(metrics.catchUpGaps()).isEqualTo(1);
    assertThat(metrics.scrape()).contains("mmpipe_ingestor_catchup_gaps_total 1.0");
    assertThat(p.cursor("c1")).isEqualTo(10_000_100);
    gaps.clear();
    p.pollChannel("c1", false);
    assertThat(metrics.catchUpGaps()).as("no gap, no report").isEqualTo(1);
  }

  @Test
  void shouldStartFromStoredCursorElseFromLookback() {
    Poller p = poller(List.of("c1", "c2"), Map.of("c1", 5_000L));
    p.pass(true);
    assertThat(sinceAsked.get("c1")).containsExactly(4_999L);
    assertThat(sinceAsked.get("c2")).containsExactly(now.get() - Duration.ofHours(1).toMillis() - 1);
  }

  @Test
  void shouldNotEmitRowsTwiceButCatchAWriteInTheCursorsMillisecond() {
    List<Post> rows = new ArrayList<>(List.of(post("p1", "c1", 10_000_100, "", 0)));
    store.put("c1", rows);
    Poller p = poller(List.of("c1"), Map.of());
    p.pollChannel("c1", false);
    p.pollChannel("c1", false);
    assertThat(types()).containsExactly("polled_post:p1", "polled_reactions:p1");
    rows.add(post("p2", "c1", 10_000_100, "", 0)); // same millisecond, written after our read
    p.pollChannel("c1", false);
    assertThat(types()).containsExactly("polled_post:p1", "polled_reactions:p1", "polled_post:p2",
        "polled_reactions:p2");
  }

  @Test
  void shouldKeepPollingOtherChannelsWhenOneFailsAndBackOffTheFailingOne() {
    store.put("ok", List.of(post("a", "ok", 10_000_100, "", 0)));
    broken.add("bad");
    Poller p = poller(List.of("ok", "bad"), Map.of());
    p.pass(false);
    assertThat(types()).contains("polled_post:a");
    assertThat(p.failingChannels()).isEqualTo(1);
    assertThat(p.lastError()).contains("bad").contains("down");
    p.pass(false);
    assertThat(sinceAsked.get("bad")).as("backing off: not asked again at once").hasSize(1);
    now.addAndGet(Duration.ofSeconds(31).toMillis());
    p.pass(false);
    assertThat(sinceAsked.get("bad")).hasSize(2);
    broken.clear();
    p.pass(true);
    assertThat(p.failingChannels()).isZero();
    assertThat(sinceAsked.get("ok")).hasSize(4);
  }

  @Test
  void shouldDoubleAFailingChannelsBackoffCapItAtFiveMinutesAndStartOverAfterSuccess() {
    broken.add("bad");
    Poller p = poller(List.of("bad"), Map.of());
    p.pass(false); // failure 1: waits less than one interval, so the next pass retries
    later(Duration.ofSeconds(30));
    p.pass(false); // failure 2: less than two intervals
    later(Duration.ofSeconds(60));
    p.pass(false); // failure 3: 40 to 120 s
    assertThat(sinceAsked.get("bad")).hasSize(3);
    later(Duration.ofSeconds(39));
    p.pass(false);
    assertThat(sinceAsked.get("bad")).as("the third failure waits at least 40 s").hasSize(3);
    for (int i = 0; i < 12; i++) { // doubling without a cap would wait for hours by now
      later(Duration.ofMinutes(5));
      p.pass(false);
    }
    assertThat(sinceAsked.get("bad")).as("never more than five minutes apart").hasSize(15);
    broken.clear();
    later(Duration.ofMinutes(5));
    p.pass(false);
    assertThat(p.failingChannels()).isZero();
    broken.add("bad");
    p.pass(false);
    later(Duration.ofSeconds(30));
    p.pass(false);
    assertThat(sinceAsked.get("bad")).as("a success starts the doubling over").hasSize(18);
  }

  @Test
  void shouldDrawEachChannelWaitBetweenAThirdAndAllOfTheDoubledIntervalCappedAtFiveMinutes() {
    IntervalFunction backoff = Poller.backoff(Duration.ofSeconds(30));
    for (int failures = 1; failures <= 20; failures++) {
      long doubled = 30_000L << Math.min(failures - 1, 30);
      Set<Long> draws = new java.util.HashSet<>();
      for (int i = 0; i < 200; i++) {
        long wait = backoff.apply(failures);
        assertThat(wait).as("failure %d", failures)
            .isBetween(Math.min(doubled / 3 - 1, 300_000), Math.min(doubled, 300_000));
        draws.add(wait);
      }
      if (doubled < 300_000) {
        assertThat(draws).as("failure %d is jittered", failures).hasSizeGreaterThan(1);
      }
    }
  }

  @Test
  void shouldNotMoveTheCursorPastRecordsKafkaDidNotAcknowledge() {
    store.put("c1", List.of(post("p1", "c1", 10_000_100, "", 0)));
    Poller p = poller(List.of("c1"), Map.of("c1", 10_000_000L));
    publisher.refusing = true;
    assertThat(p.pollChannel("c1", true)).isFalse();
    assertThat(p.cursor("c1")).isEqualTo(10_000_000L);
    publisher.refusing = false;
    assertThat(p.pollChannel("c1", true)).isTrue();
    assertThat(types()).containsExactly("polled_post:p1", "polled_reactions:p1");
    assertThat(p.cursor("c1")).isEqualTo(10_000_100L);
  }

  @Test
  void shouldReadNothingWhileKafkaIsUnavailableAndNotBackOffForIt() {
    store.put("c1", List.of(post("p1", "c1", 10_000_100, "", 0)));
    Poller p = poller(List.of("c1"), Map.of());
    publisher.up = false;
    p.pass(false);
    assertThat(sinceAsked).as("Mattermost is not read while Kafka cannot take anything").isEmpty();
    assertThat(p.lastError()).contains("Kafka is unavailable");
    publisher.up = true;
    p.pass(false);
    assertThat(types()).containsExactly("polled_post:p1", "polled_reactions:p1");
  }

  @Test
  void shouldStartFromWhereTheStreamIsButNotWhileACatchUpIsOwed() {
    Poller p = poller(List.of("c1"), Map.of("c1", 5_000L), false);
    p.streamed("c1", 9_000L);
    p.pass(false);
    assertThat(sinceAsked).as("streaming only: a pass without a catch-up reads nothing").isEmpty();
    p.catchUp(); // the loop is not running: the request only marks a catch-up as owed
    p.streamed("c1", 9_500L); // after a loss: the stream's position says nothing about the gap
    p.pass(true);
    assertThat(sinceAsked.get("c1")).containsExactly(8_999L);
    p.streamed("c1", 12_000L); // the catch-up is done: the stream moves the cursor again
    p.pass(true);
    assertThat(sinceAsked.get("c1")).containsExactly(8_999L, 11_999L);
  }

  @Test
  void shouldRetryAFailedCatchUpInStreamingOnlyModeUntilItSucceeds() {
    broken.add("c1");
    Poller p = poller(List.of("c1", "c2"), Map.of("c1", 5_000L, "c2", 5_000L), false);
    p.pass(true);
    assertThat(sinceAsked.get("c1")).hasSize(1);
    broken.clear();
    later(Duration.ofMinutes(1));
    p.pass(false);
    assertThat(sinceAsked.get("c1")).as("the owed channel is read again").hasSize(2);
    assertThat(sinceAsked.get("c2")).as("a channel that caught up is not polled").hasSize(1);
    p.pass(false);
    assertThat(sinceAsked.get("c1")).as("nothing owed any more").hasSize(2);
  }

  private void later(Duration d) {
    now.addAndGet(d.toMillis());
  }
}
