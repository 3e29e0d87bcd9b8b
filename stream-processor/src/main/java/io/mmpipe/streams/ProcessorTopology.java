package io.mmpipe.streams;

import io.mmpipe.schemas.Topic;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ChannelCursor;
import io.mmpipe.schemas.avro.DeadLetter;
import io.mmpipe.schemas.avro.PostPayload;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.ReactionPayload;
import io.mmpipe.schemas.avro.ReactionSnapshotPayload;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.streams.cursors.CursorProcessor;
import io.mmpipe.streams.dedupe.DedupeProcessor;
import io.mmpipe.streams.metrics.ProcessorMetrics;
import io.mmpipe.streams.posts.PostProcessor;
import io.mmpipe.streams.reactions.ReactionProcessor;
import io.mmpipe.streams.sightings.SightingProcessor;
import io.mmpipe.streams.state.StateSection;
import io.mmpipe.streams.updates.Candidate;
import io.mmpipe.streams.validation.Checked;
import io.mmpipe.streams.validation.ValidationProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The whole processor as one topology:
 *
 * <pre>
 * mm.events.raw → validate ─invalid→ mm.events.dlq
 *                    └valid→ track cursors → mm.channel-cursors
 *                    └valid→ posts | reactions | other → dedupe by event id → mm.updates
 * </pre>
 *
 * The raw topic is keyed by channel id, and no step changes the key, so every channel's state lives in one task and
 * the topology has no repartition topic. Every node and store is named (kebab-case), enforced by
 * {@code ensure.explicit.internal.resource.naming}.
 */
public final class ProcessorTopology {

  private ProcessorTopology() {}

  /** Builds the topology with metrics kept in memory (tests, tools). */
  public static Topology build(StreamsBuilder builder, ProcessorConfig config, Topics topics) {
    return build(builder, config, topics, ProcessorMetrics.inMemory());
  }

  public static Topology build(StreamsBuilder builder, ProcessorConfig config, Topics topics,
      ProcessorMetrics metrics) {
    // The naming check (KIP-1111) only runs in a builder created with the config, and callers may pass a plain
    // one: build once into a strict builder first, so an unnamed resource fails here whatever the caller passed.
    addAll(strictBuilder(config), config, topics, metrics);
    return addAll(builder, config, topics, metrics);
  }

  /** A StreamsBuilder that applies the processor's topology settings, explicit naming included. */
  public static StreamsBuilder strictBuilder(ProcessorConfig config) {
    return new StreamsBuilder(new TopologyConfig(new StreamsConfig(config.streamsProperties())));
  }

  private static Topology addAll(StreamsBuilder builder, ProcessorConfig config, Topics topics,
      ProcessorMetrics metrics) {
    Duration retention = config.dedupeRetention();
    Duration stateRetention = stateRetention(retention);
    addStores(builder, retention);
    Topic<String, RawEvent> raw = topics.rawEvents();

    KStream<String, Checked> checked = builder
        .stream(raw.name(), Consumed.with(raw.keySerde(), raw.valueSerde()).withName("read-raw-events"))
        .process(() -> new ValidationProcessor(metrics), Named.as("validate-raw-events"));

    Map<String, KStream<String, Checked>> byValidity = checked.split(Named.as("validity-"))
        .branch((k, v) -> v instanceof Checked.Invalid, Branched.as("invalid"))
        .defaultBranch(Branched.as("valid"));

    Topic<byte[], DeadLetter> dlq = topics.deadLetters();
    byValidity.get("validity-invalid")
        .map((k, v) -> KeyValue.pair(k == null ? null : k.getBytes(StandardCharsets.UTF_8),
            ((Checked.Invalid) v).letter()), Named.as("to-dead-letter"))
        .to(dlq.name(), Produced.with(dlq.keySerde(), dlq.valueSerde()).withName("write-dead-letters"));

    KStream<String, RawEvent> valid = byValidity.get("validity-valid")
        .mapValues(v -> ((Checked.Valid) v).event(), Named.as("unwrap-valid-event"));

    Topic<String, ChannelCursor> cursorTopic = topics.channelCursors();
    valid.process(() -> new CursorProcessor(metrics), Named.as("track-channel-cursors"), StateSection.STORE,
            CursorProcessor.CURSORS.name())
        .to(cursorTopic.name(), Produced.with(cursorTopic.keySerde(), cursorTopic.valueSerde())
            .withName("write-channel-cursors"));

    Map<String, KStream<String, RawEvent>> byKind = valid.split(Named.as("kind-"))
        .branch((k, v) -> v.getPayload() instanceof PostPayload, Branched.as("posts"))
        .branch((k, v) -> v.getPayload() instanceof ReactionPayload
            || v.getPayload() instanceof ReactionSnapshotPayload, Branched.as("reactions"))
        .defaultBranch(Branched.as("other"));

    KStream<String, Candidate> postUpdates = byKind.get("kind-posts")
        .process(() -> new PostProcessor(retention, stateRetention, metrics), Named.as("derive-post-updates"),
            StateSection.STORE, PostProcessor.THREADS.name(), PostProcessor.DELETIONS.name());
    KStream<String, Candidate> reactionUpdates = byKind.get("kind-reactions")
        .process(() -> new ReactionProcessor(stateRetention, metrics), Named.as("derive-reaction-updates"),
            StateSection.STORE, ReactionProcessor.SETS.name());
    KStream<String, Candidate> otherUpdates = byKind.get("kind-other")
        .process(() -> new SightingProcessor(stateRetention, SightingProcessor.WINDOW, metrics),
            Named.as("derive-other-updates"), StateSection.STORE, SightingProcessor.SIGHTINGS.name());

    Topic<String, ResourceUpdate> updates = topics.updates();
    postUpdates.merge(reactionUpdates, Named.as("merge-post-and-reaction-updates"))
        .merge(otherUpdates, Named.as("merge-all-updates"))
        .process(() -> new DedupeProcessor(retention, metrics), Named.as("dedupe-by-event-id"),
            DedupeProcessor.STORE)
        .to(updates.name(), Produced.with(updates.keySerde(), updates.valueSerde()).withName("write-updates"));

    // build(props) so that the naming check (and the rest of the config) applies to this topology
    return builder.build(config.streamsProperties());
  }

  /**
   * How long the per-post and per-subject stores remember an idle entry: never less than the dedupe retention
   * (their change counters restart when they forget, and the dedupe stage must no longer know the old ids by then),
   * and a month at least, so that late copies of old posts still meet their state.
   */
  public static Duration stateRetention(Duration dedupeRetention) {
    return dedupeRetention.compareTo(PostProcessor.THREAD_RETENTION) > 0 ? dedupeRetention
        : PostProcessor.THREAD_RETENTION;
  }

  /** The kinds of state that earlier versions kept in a store of their own, in the shared store now. */
  static final List<StateSection.Kind<?>> LEGACY = List.of(PostProcessor.THREADS, PostProcessor.DELETIONS,
      ReactionProcessor.SETS, SightingProcessor.SIGHTINGS, CursorProcessor.CURSORS);

  private static void addStores(StreamsBuilder builder, Duration retention) {
    // Window size 1 ms: the store is a set of (event id, time seen); only its retention matters.
    builder.addStateStore(Stores.windowStoreBuilder(
        Stores.persistentWindowStore(DedupeProcessor.STORE, retention, Duration.ofMillis(1), false),
        Serdes.String(), Serdes.Long()));
    // Everything else shares ONE store (StateSection): a transaction then writes one changelog partition per task
    // for all of it. Caching: the same key is rewritten many times per commit interval (a channel's cursor on every
    // post, a thread on every reply, a post's reactions), and with the cache only its last value per commit goes to
    // RocksDB and the changelog. The cache is flushed before each transaction commits, so nothing changes for EOS.
    builder.addStateStore(StateSection.sharedStore());
    // The separate stores of earlier versions: restored from their changelogs and read through until migrated.
    for (StateSection.Kind<?> kind : LEGACY) {
      builder.addStateStore(kind.legacyStore());
    }
  }
}
