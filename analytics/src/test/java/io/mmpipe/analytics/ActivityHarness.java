package io.mmpipe.analytics;

import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ChannelActivity;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The production topology and serdes in a TopologyTestDriver, with builders for the updates it reads. */
final class ActivityHarness implements AutoCloseable {

  static final String CHANNEL = "chan1";
  /** A whole hour (ms), so minute and hour windows line up with the examples' offsets. */
  static final long T0 = 1_767_225_600_000L;

  final Topics topics = new Topics("test.");
  final TopologyTestDriver driver;
  final TestInputTopic<String, ResourceUpdate> updates;
  final TestOutputTopic<String, ChannelActivity> activity;

  ActivityHarness() {
    this(AnalyticsConfig.of("dummy:9092", "test.", "activity-harness"));
  }

  ActivityHarness(AnalyticsConfig config) {
    this(config, new Properties());
  }

  /** @param overrides Streams settings over the job's (a test of the stores themselves turns the cache off) */
  ActivityHarness(AnalyticsConfig config, Properties overrides) {
    Properties props = config.streamsProperties();
    props.putAll(overrides);
    driver = new TopologyTestDriver(AnalyticsTopology.build(new StreamsBuilder(), config, topics), props,
        Instant.ofEpochMilli(T0));
    var u = topics.updates();
    updates = driver.createInputTopic(u.name(), u.keySerde().serializer(), u.valueSerde().serializer());
    var a = topics.channelActivity();
    activity = driver.createOutputTopic(a.name(), a.keySerde().deserializer(), a.valueSerde().deserializer());
  }

  static ResourceUpdate update(String resource, String type, String channel, String user, long at, String data) {
    return ResourceUpdate.newBuilder().setEventId(type + "_" + at + "_" + user).setResourceUri(resource)
        .setUpdateType(type).setDataJson(data).setTimestamp(at / 1000.0).setChannelId(channel).setUserId(user)
        .setObservedAt(at).build();
  }

  static ResourceUpdate post(String user, long at) {
    return update("mattermost://new_channel_posts", "created", CHANNEL, user, at, "{}");
  }

  static ResourceUpdate edit(String user, long at) {
    return update("mattermost://post_changes", "edited", CHANNEL, user, at, "{}");
  }

  static ResourceUpdate delete(String user, long at) {
    return update("mattermost://post_changes", "deleted", CHANNEL, user, at, "{}");
  }

  static ResourceUpdate reaction(String user, String emoji, long at) {
    return update("mattermost://reactions", "reaction_added", CHANNEL, user, at,
        "{\"emoji_name\":\"" + emoji + "\",\"user_id\":\"" + user + "\"}");
  }

  /** Written one second after the change, as the pipeline would. */
  void pipe(ResourceUpdate u) {
    updates.pipeInput(u.getChannelId(), u, Instant.ofEpochMilli(Math.round(u.getTimestamp() * 1000) + 1000));
  }

  /** The latest record per key, as a reader of the compacted topic keeps it. */
  Map<String, ChannelActivity> latest() {
    return activity.readKeyValuesToMap();
  }

  static String minute(long start) {
    return AnalyticsTopology.key(CHANNEL, AnalyticsTopology.MINUTE, start);
  }

  static String hour(long start) {
    return AnalyticsTopology.key(CHANNEL, AnalyticsTopology.HOUR, start);
  }

  @Override
  public void close() {
    driver.close();
  }
}
