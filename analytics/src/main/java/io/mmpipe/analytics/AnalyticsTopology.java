package io.mmpipe.analytics;

import io.mmpipe.analytics.activity.Activity;
import io.mmpipe.analytics.activity.ChangeTimeExtractor;
import io.mmpipe.analytics.activity.ChannelPartitioner;
import io.mmpipe.analytics.activity.Limits;
import io.mmpipe.analytics.activity.UpdateKinds;
import io.mmpipe.schemas.JsonSerde;
import io.mmpipe.schemas.Topic;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ChannelActivity;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The analytics job as one topology:
 *
 * <pre>
 * mm.updates (key channel id) → keep posts, edits, deletes, reactions
 *   → per channel, per minute window → activity-per-minute → mm.analytics.channel-activity
 *   → per channel, per hour window   → activity-per-hour   → mm.analytics.channel-activity
 * </pre>
 *
 * mm.updates is keyed by channel id and nothing changes the key before the grouping, so there is no repartition
 * topic. Windows are by the change's Mattermost time ({@link ChangeTimeExtractor}). Every window's counts are
 * re-emitted as they change (at most once per commit interval, through the store's cache); the output topic is
 * compacted, so a reader keeps the latest record per window key. Every node and store is named (kebab-case).
 */
public final class AnalyticsTopology {

  public static final String MINUTE = "minute";
  public static final String HOUR = "hour";

  private AnalyticsTopology() {}

  public static Topology build(StreamsBuilder builder, AnalyticsConfig config, Topics topics) {
    // as ProcessorTopology: the naming check (KIP-1111) runs only in a builder created with the config
    addAll(strictBuilder(config), config, topics);
    return addAll(builder, config, topics);
  }

  public static StreamsBuilder strictBuilder(AnalyticsConfig config) {
    return new StreamsBuilder(new TopologyConfig(new StreamsConfig(config.streamsProperties())));
  }

  /** The output key: one compacted record per channel and window. */
  public static String key(String channelId, String window, long windowStart) {
    return channelId + "/" + window + "/" + windowStart;
  }

  private static Topology addAll(StreamsBuilder builder, AnalyticsConfig config, Topics topics) {
    Topic<String, ResourceUpdate> updates = topics.updates();
    KGroupedStream<String, ResourceUpdate> byChannel = builder
        .stream(updates.name(), Consumed.with(updates.keySerde(), updates.valueSerde())
            .withTimestampExtractor(new ChangeTimeExtractor()).withName("read-updates"))
        .filter((channel, u) -> channel != null && u != null && UpdateKinds.kind(u) != Activity.Kind.OTHER,
            Named.as("keep-activity-updates"))
        .groupByKey(Grouped.with("by-channel", updates.keySerde(), updates.valueSerde()));
    count(byChannel, MINUTE, Duration.ofMinutes(1), config.minuteRetention(), config, topics);
    count(byChannel, HOUR, Duration.ofHours(1), config.hourRetention(), config, topics);
    return builder.build();
  }

  private static void count(KGroupedStream<String, ResourceUpdate> byChannel, String window, Duration size,
      Duration retention, AnalyticsConfig config, Topics topics) {
    Limits limits = config.limits();
    Topic<String, ChannelActivity> out = topics.channelActivity();
    byChannel.windowedBy(TimeWindows.ofSizeAndGrace(size, config.grace()))
        .aggregate(Activity::new,
            (channel, u, activity) -> {
              Activity.Kind kind = UpdateKinds.kind(u);
              String emoji = kind == Activity.Kind.REACTION_ADDED ? UpdateKinds.emoji(u) : null;
              return activity.add(kind, u.getUserId(), emoji, UpdateKinds.changeTimeMs(u), limits);
            },
            Named.as("count-per-" + window),
            Materialized.<String, Activity, WindowStore<Bytes, byte[]>>as("activity-per-" + window)
                .withKeySerde(Serdes.String()).withValueSerde(JsonSerde.of(Activity.class)).withRetention(retention))
        .toStream(Named.as("changes-per-" + window))
        .map((w, activity) -> KeyValue.pair(key(w.key(), window, w.window().start()),
                activity.toRecord(w.key(), window, w.window().start(), w.window().end(), limits)),
            Named.as("to-record-per-" + window))
        .to(out.name(), Produced.with(out.keySerde(), out.valueSerde()).withName("write-" + window)
            .withStreamPartitioner(new ChannelPartitioner()));
  }
}
