package io.mmpipe.analytics;

import static io.mmpipe.analytics.ActivityHarness.CHANNEL;
import static io.mmpipe.analytics.ActivityHarness.T0;
import static io.mmpipe.analytics.ActivityHarness.delete;
import static io.mmpipe.analytics.ActivityHarness.edit;
import static io.mmpipe.analytics.ActivityHarness.hour;
import static io.mmpipe.analytics.ActivityHarness.minute;
import static io.mmpipe.analytics.ActivityHarness.post;
import static io.mmpipe.analytics.ActivityHarness.reaction;
import static io.mmpipe.analytics.ActivityHarness.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.analytics.activity.Activity;
import io.mmpipe.analytics.activity.Limits;
import io.mmpipe.schemas.avro.ChannelActivity;
import io.mmpipe.schemas.avro.ReactionCount;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.Test;

class AnalyticsTopologyTest {

  private static final long MIN = 60_000;
  private static final long HOUR = 3_600_000;

  @Test
  void shouldCountMessagesEditsDeletesAndActiveUsersOfAMinuteAndItsHour() {
    try (ActivityHarness h = new ActivityHarness()) {
      h.pipe(post("u1", T0 + 1_000));
      h.pipe(post("u2", T0 + 2_000));
      h.pipe(edit("u1", T0 + 3_000));
      h.pipe(delete("u3", T0 + 4_000));

      Map<String, ChannelActivity> out = h.latest();
      ChannelActivity m = out.get(minute(T0));
      assertThat(m.getChannelId()).isEqualTo(CHANNEL);
      assertThat(m.getWindow()).isEqualTo("minute");
      assertThat(m.getWindowStart()).isEqualTo(T0);
      assertThat(m.getWindowEnd()).isEqualTo(T0 + MIN);
      assertThat(m.getMessages()).isEqualTo(2);
      assertThat(m.getEdits()).isEqualTo(1);
      assertThat(m.getDeletes()).isEqualTo(1);
      // u3 only had a post deleted (the update names the author): not active
      assertThat(m.getActiveUsers()).isEqualTo(2);
      assertThat(m.getActiveUsersCapped()).isFalse();
      assertThat(m.getLastChangeAt()).isEqualTo(T0 + 4_000);
      ChannelActivity hr = out.get(hour(T0));
      assertThat(hr.getMessages()).isEqualTo(2);
      assertThat(hr.getWindowEnd()).isEqualTo(T0 + HOUR);
      assertThat(out).containsOnlyKeys(minute(T0), hour(T0));
    }
  }

  @Test
  void shouldSplitMinutesAndSumThemInTheHour() {
    try (ActivityHarness h = new ActivityHarness()) {
      h.pipe(post("u1", T0 + 30_000));
      h.pipe(post("u2", T0 + MIN + 5_000));
      h.pipe(post("u2", T0 + MIN + 6_000));

      Map<String, ChannelActivity> out = h.latest();
      assertThat(out.get(minute(T0)).getMessages()).isEqualTo(1);
      assertThat(out.get(minute(T0 + MIN)).getMessages()).isEqualTo(2);
      assertThat(out.get(minute(T0 + MIN)).getActiveUsers()).isEqualTo(1);
      assertThat(out.get(hour(T0)).getMessages()).isEqualTo(3);
      assertThat(out.get(hour(T0)).getActiveUsers()).isEqualTo(2);
    }
  }

  @Test
  void shouldRankTopReactionsByCountThenNameAndNameOnlyTheTopN() {
    AnalyticsConfig config = AnalyticsConfig.of("dummy:9092", "test.", "top").withLimits(new Limits(100, 50, 2));
    try (ActivityHarness h = new ActivityHarness(config)) {
      h.pipe(reaction("u1", "tada", T0 + 1_000));
      h.pipe(reaction("u2", "tada", T0 + 2_000));
      h.pipe(reaction("u1", "+1", T0 + 3_000));
      h.pipe(reaction("u2", "eyes", T0 + 4_000));
      h.pipe(update("mattermost://reactions", "reaction_removed", CHANNEL, "u2", T0 + 5_000,
          "{\"emoji_name\":\"eyes\"}"));

      ChannelActivity m = h.latest().get(minute(T0));
      assertThat(m.getTopReactions()).containsExactly(new ReactionCount("tada", 2L), new ReactionCount("+1", 1L));
      assertThat(m.getReactionsAdded()).isEqualTo(4);
      assertThat(m.getReactionsRemoved()).isEqualTo(1);
      assertThat(m.getActiveUsers()).isEqualTo(2);
    }
  }

  @Test
  void shouldCapTheUsersAndEmojisAWindowRemembers() {
    Limits limits = new Limits(3, 2, 2);
    AnalyticsConfig config = AnalyticsConfig.of("dummy:9092", "test.", "caps").withLimits(limits);
    try (ActivityHarness h = new ActivityHarness(config)) {
      for (int i = 0; i < 10; i++) {
        h.pipe(post("user" + i, T0 + i));
        h.pipe(reaction("user" + i, "emoji" + i, T0 + 100 + i));
      }
      ChannelActivity m = h.latest().get(minute(T0));
      assertThat(m.getActiveUsers()).isEqualTo(3);
      assertThat(m.getActiveUsersCapped()).isTrue();
      assertThat(m.getMessages()).isEqualTo(10);
      assertThat(m.getReactionsAdded()).isEqualTo(10); // every reaction counts; only two emojis are named
      assertThat(m.getTopReactions()).extracting(ReactionCount::getEmojiName).containsExactly("emoji0", "emoji1");

      ReadOnlyWindowStore<String, ValueAndTimestamp<Activity>> store =
          h.driver.getTimestampedWindowStore("activity-per-minute");
      Activity kept = store.fetch(CHANNEL, T0).value();
      assertThat(kept.rememberedUsers()).isEqualTo(3);
      assertThat(kept.countedEmojis()).isEqualTo(2);
    }
  }

  @Test
  void shouldIgnoreUpdatesThatAreNotActivity() {
    try (ActivityHarness h = new ActivityHarness()) {
      h.pipe(update("mattermost://typing", "typing", CHANNEL, "u1", T0 + 1_000, "{}"));
      h.pipe(update("mattermost://channel_membership", "member_added", CHANNEL, "u1", T0 + 2_000, "{}"));
      h.pipe(update("mattermost://files", "file_attached", CHANNEL, "u1", T0 + 3_000, "{}"));
      assertThat(h.activity.isEmpty()).isTrue();
    }
  }

  @Test
  void shouldDropAnUpdateLaterThanTheGraceAndKeepOneWithinIt() {
    try (ActivityHarness h = new ActivityHarness()) {
      h.pipe(post("u1", T0 + 1_000));
      h.pipe(post("u2", T0 + 10 * MIN)); // stream time: 10 minutes on; the first minute closed 4 minutes ago
      h.latest();
      h.pipe(post("u3", T0 + 2_000)); // later than 1 minute + 5 minutes' grace: dropped
      h.pipe(post("u4", T0 + 6 * MIN)); // its minute ends at 7m, plus grace 12m > 10m: counted
      Map<String, ChannelActivity> out = h.latest();
      assertThat(out).doesNotContainKey(minute(T0));
      assertThat(out.get(minute(T0 + 6 * MIN)).getMessages()).isEqualTo(1);
      assertThat(out.get(hour(T0)).getMessages()).isEqualTo(4); // the hour is still open: u3 counts there
    }
  }

  @Test
  void shouldForgetMinuteWindowsAfterTheirRetention() {
    // the store itself, without the record cache in front of it (bounded on its own: statestore.cache.max.bytes)
    java.util.Properties noCache = new java.util.Properties();
    noCache.put(org.apache.kafka.streams.StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
    try (ActivityHarness h = new ActivityHarness(AnalyticsConfig.of("dummy:9092", "test.", "expiry"), noCache)) {
      h.pipe(post("u1", T0 + 1_000));
      ReadOnlyWindowStore<String, ValueAndTimestamp<Activity>> minutes =
          h.driver.getTimestampedWindowStore("activity-per-minute");
      assertThat(minutes.fetch(CHANNEL, T0)).isNotNull();
      // stream time moves past the minute retention (3 h): the old minute's segment is dropped
      h.pipe(post("u1", T0 + AnalyticsConfig.DEFAULT_MINUTE_RETENTION.toMillis() + 2 * HOUR));
      assertThat(minutes.fetch(CHANNEL, T0)).isNull();
      ReadOnlyWindowStore<String, ValueAndTimestamp<Activity>> hours =
          h.driver.getTimestampedWindowStore("activity-per-hour");
      assertThat(hours.fetch(CHANNEL, T0)).isNotNull(); // hours are kept 48 h
    }
  }

  @Test
  void shouldWindowByTheChangeTimeButNeverLaterThanTheRecordWasWritten() {
    try (ActivityHarness h = new ActivityHarness()) {
      // caught up by polling an hour late: counted in the minute it was written in Mattermost
      h.updates.pipeInput(CHANNEL, post("u1", T0 + 1_000), Instant.ofEpochMilli(T0 + HOUR));
      // a server clock a day ahead: counted when mmpipe wrote it, so stream time does not jump a day
      h.updates.pipeInput(CHANNEL, post("u2", T0 + 24 * HOUR), Instant.ofEpochMilli(T0 + HOUR + 2_000));
      Map<String, ChannelActivity> out = h.latest();
      assertThat(out.get(minute(T0)).getMessages()).isEqualTo(1);
      assertThat(out.get(minute(T0 + HOUR)).getMessages()).isEqualTo(1);
      assertThat(out).doesNotContainKey(minute(T0 + 24 * HOUR));
    }
  }
}
