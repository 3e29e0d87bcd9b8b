package io.mmpipe.streams;

import io.mmpipe.schemas.Topic;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ChannelCursor;
import io.mmpipe.schemas.avro.DeadLetter;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.streams.cursors.CursorProcessor;
import io.mmpipe.streams.dedupe.DedupeProcessor;
import io.mmpipe.streams.metrics.ProcessorMetrics;
import io.mmpipe.streams.posts.PostProcessor;
import io.mmpipe.streams.reactions.ReactionProcessor;
import io.mmpipe.streams.sightings.SightingProcessor;
import io.mmpipe.streams.state.StateSection;
import io.mmpipe.streams.updates.Candidate;
import io.mmpipe.streams.validation.InvalidEventProcessor;
import io.mmpipe.streams.validation.ValidationProcessor;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyConfig;
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
 *                    ├posts→ track cursors → mm.channel-cursors
 *                    └posts | reactions | other → dedupe by event id → mm.updates
 * </pre>
 *
 * The raw topic is keyed by channel id, and no step changes the key, so every channel's state lives in one task and
 * the topology has no repartition topic. Every node and store is named (kebab-case), enforced by
 * {@code ensure.explicit.internal.resource.naming}.
 */
public final class ProcessorTopology {

  private ProcessorTopology() {}

  /**
   * The nodes the validation node sends each raw event to by name (no split node, no pass-through per branch). Node
   * names name no topic or store here (stores and topics are named on their own), so they can change freely.
   */
  static final ValidationProcessor.Routes ROUTES = new ValidationProcessor.Routes("to-dead-letter",
      "track-channel-cursors", "derive-post-updates", "derive-reaction-updates", "derive-other-updates");

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

    KStream<String, RawEvent> valid = builder
        .stream(raw.name(), Consumed.with(raw.keySerde(), raw.valueSerde()).withName("read-raw-events"))
        .process(() -> new ValidationProcessor(metrics, ROUTES), Named.as("validate-raw-events"));

    Topic<byte[], DeadLetter> dlq = topics.deadLetters();
    valid.process(() -> new InvalidEventProcessor(metrics), Named.as(ROUTES.deadLetters()))
        .to(dlq.name(), Produced.with(dlq.keySerde(), dlq.valueSerde()).withName("write-dead-letters"));

    Topic<String, ChannelCursor> cursorTopic = topics.channelCursors();
    valid.process(() -> new CursorProcessor(metrics), Named.as(ROUTES.cursors()), StateSection.STORE,
            CursorProcessor.CURSORS.name())
        .to(cursorTopic.name(), Produced.with(cursorTopic.keySerde(), cursorTopic.valueSerde())
            .withName("write-channel-cursors"));

    KStream<String, Candidate> postUpdates = valid
        .process(() -> new PostProcessor(retention, stateRetention, metrics), Named.as(ROUTES.posts()),
            StateSection.STORE, PostProcessor.THREADS.name(), PostProcessor.DELETIONS.name());
    KStream<String, Candidate> reactionUpdates = valid
        .process(() -> new ReactionProcessor(stateRetention, metrics), Named.as(ROUTES.reactions()),
            StateSection.STORE, ReactionProcessor.SETS.name());
    KStream<String, Candidate> otherUpdates = valid
        .process(() -> new SightingProcessor(stateRetention, SightingProcessor.WINDOW, metrics),
            Named.as(ROUTES.other()), StateSection.STORE, SightingProcessor.SIGHTINGS.name());

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
