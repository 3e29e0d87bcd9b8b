package io.mmpipe.schemas;

import io.mmpipe.schemas.avro.Broadcast;
import io.mmpipe.schemas.avro.ChannelActivity;
import io.mmpipe.schemas.avro.ChannelCursor;
import io.mmpipe.schemas.avro.DeadLetter;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topic registry: every topic mmpipe uses, its key, value serde and settings, in one place.
 *
 * <p>Names are {@code <prefix>mm.events.raw} and so on; the prefix (empty in production, unique per test) comes
 * from {@code MMPIPE_TOPIC_PREFIX}.
 */
public final class Topics {

  public static final String RAW_EVENTS = "mm.events.raw";
  public static final String UPDATES = "mm.updates";
  public static final String CHANNEL_CURSORS = "mm.channel-cursors";
  public static final String DLQ = "mm.events.dlq";
  public static final String BROADCASTS = "mm.broadcasts";
  public static final String CHANNEL_ACTIVITY = "mm.analytics.channel-activity";
  /** How long the analytics topic keeps a window's record unless the job is told otherwise. */
  public static final long CHANNEL_ACTIVITY_RETENTION_MS = 7L * 24 * 3600 * 1000;

  /** The topic registry with no prefix. */
  public static final Topics DEFAULT = new Topics("");

  private final String prefix;
  private final Topic<String, RawEvent> rawEvents;
  private final Topic<String, ResourceUpdate> updates;
  private final Topic<String, ChannelCursor> channelCursors;
  private final Topic<byte[], DeadLetter> deadLetters;
  private final Topic<String, Broadcast> broadcasts;
  private final Topic<String, ChannelActivity> channelActivity;

  public Topics(String prefix) {
    this.prefix = prefix == null ? "" : prefix;
    this.rawEvents = new Topic<>(this.prefix + RAW_EVENTS, Serdes.String(), AvroSerde.of(RawEvent.class),
        Map.of("retention.ms", String.valueOf(7L * 24 * 3600 * 1000)));
    this.updates = new Topic<>(this.prefix + UPDATES, Serdes.String(), AvroSerde.of(ResourceUpdate.class),
        Map.of("retention.ms", String.valueOf(7L * 24 * 3600 * 1000)));
    // Compacted: the latest cursor per channel is all the ingestor needs on restart.
    this.channelCursors = new Topic<>(this.prefix + CHANNEL_CURSORS, Serdes.String(),
        AvroSerde.of(ChannelCursor.class), Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000"));
    this.deadLetters = new Topic<>(this.prefix + DLQ, Serdes.ByteArray(), AvroSerde.of(DeadLetter.class),
        Map.of("retention.ms", String.valueOf(30L * 24 * 3600 * 1000)));
    // a broadcast is news: kept as long as updates, so a subscriber resumes across a week's absence as on mm.updates
    this.broadcasts = new Topic<>(this.prefix + BROADCASTS, Serdes.String(), AvroSerde.of(Broadcast.class),
        Map.of("retention.ms", String.valueOf(7L * 24 * 3600 * 1000)));
    // compact: a window's latest record supersedes its earlier ones; delete: old windows go after the retention
    this.channelActivity = new Topic<>(this.prefix + CHANNEL_ACTIVITY, Serdes.String(),
        AvroSerde.of(ChannelActivity.class), Map.of("cleanup.policy", "compact,delete",
            "retention.ms", String.valueOf(CHANNEL_ACTIVITY_RETENTION_MS), "min.compaction.lag.ms", "60000"));
  }

  /** The registry for a prefix taken from the environment ({@code MMPIPE_TOPIC_PREFIX}). */
  public static Topics fromEnv(Map<String, String> env) {
    return new Topics(env.getOrDefault("MMPIPE_TOPIC_PREFIX", ""));
  }

  public String prefix() {
    return prefix;
  }

  public Topic<String, RawEvent> rawEvents() {
    return rawEvents;
  }

  public Topic<String, ResourceUpdate> updates() {
    return updates;
  }

  public Topic<String, ChannelCursor> channelCursors() {
    return channelCursors;
  }

  public Topic<byte[], DeadLetter> deadLetters() {
    return deadLetters;
  }

  /** Key = the sender's principal name. */
  public Topic<String, Broadcast> broadcasts() {
    return broadcasts;
  }

  /**
   * The analytics job's output, key = {@code <channel_id>/<window>/<window_start>}. Not in {@link #all()}: only the
   * analytics job creates it (with mm.updates' partition count), so a stack without the job has no such topic.
   */
  public Topic<String, ChannelActivity> channelActivity() {
    return channelActivity;
  }

  public List<Topic<?, ?>> all() {
    return List.of(rawEvents, updates, channelCursors, deadLetters, broadcasts);
  }

  /** Every topic's name and the settings it is created with, in registry order (what topic creation needs). */
  public Map<String, Map<String, String>> creationConfigs() {
    Map<String, Map<String, String>> byName = new LinkedHashMap<>();
    for (Topic<?, ?> t : all()) {
      byName.put(t.name(), t.configs());
    }
    return byName;
  }
}
