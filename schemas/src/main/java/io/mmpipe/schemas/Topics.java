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
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topic registry: every topic mmpipe uses, its key, value serde and settings, in one place.
 *
 * <p>Names are {@code <prefix>mm.events.raw} and so on; the prefix (empty in production, unique per test) comes
 * from {@code MMPIPE_TOPIC_PREFIX}.
 *
 * <p>Values are Avro, in single-object encoding by default, or in the Schema Registry wire format when a
 * {@link SchemaRegistry} is given ({@code SCHEMA_REGISTRY_URL}); readers accept both. {@link #all()} is the one
 * list: a topic in it is created at startup and, in registry mode, its {@code <topic>-value} subject registered.
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

  private final SchemaRegistry registry;

  public Topics(String prefix) {
    this(prefix, null);
  }

  /** Topics whose values are written in the registry wire format of {@code registry} (null: single-object). */
  public Topics(String prefix, SchemaRegistry registry) {
    this.prefix = prefix == null ? "" : prefix;
    this.registry = registry;
    RegistryCodec.Client client = registry == null ? null : new RegistryCodec.Client(registry);
    this.rawEvents = new Topic<>(this.prefix + RAW_EVENTS, Serdes.String(), avro(RawEvent.class, client),
        Map.of("retention.ms", String.valueOf(7L * 24 * 3600 * 1000)));
    this.updates = new Topic<>(this.prefix + UPDATES, Serdes.String(), avro(ResourceUpdate.class, client),
        Map.of("retention.ms", String.valueOf(7L * 24 * 3600 * 1000)));
    // Compacted: the latest cursor per channel is all the ingestor needs on restart.
    this.channelCursors = new Topic<>(this.prefix + CHANNEL_CURSORS, Serdes.String(),
        avro(ChannelCursor.class, client), Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "60000"));
    this.deadLetters = new Topic<>(this.prefix + DLQ, Serdes.ByteArray(), avro(DeadLetter.class, client),
        Map.of("retention.ms", String.valueOf(30L * 24 * 3600 * 1000)));
    // a broadcast is news: kept as long as updates, so a subscriber resumes across a week's absence as on mm.updates
    this.broadcasts = new Topic<>(this.prefix + BROADCASTS, Serdes.String(), avro(Broadcast.class, client),
        Map.of("retention.ms", String.valueOf(7L * 24 * 3600 * 1000)));
    // compact: a window's latest record supersedes its earlier ones; delete: old windows go after the retention
    this.channelActivity = new Topic<>(this.prefix + CHANNEL_ACTIVITY, Serdes.String(),
        avro(ChannelActivity.class, client), Map.of("cleanup.policy", "compact,delete",
            "retention.ms", String.valueOf(CHANNEL_ACTIVITY_RETENTION_MS), "min.compaction.lag.ms", "60000"));
  }

  private static <T extends SpecificRecord> AvroSerde<T> avro(Class<T> type, RegistryCodec.Client client) {
    return client == null ? AvroSerde.of(type) : AvroSerde.of(type, client);
  }

  /**
   * The registry for a prefix taken from the environment ({@code MMPIPE_TOPIC_PREFIX}), in registry mode when
   * {@code SCHEMA_REGISTRY_URL} is set; a bad URL throws {@link IllegalArgumentException}.
   */
  public static Topics fromEnv(Map<String, String> env) {
    return new Topics(env.getOrDefault("MMPIPE_TOPIC_PREFIX", ""), SchemaRegistry.fromEnv(env).orElse(null));
  }

  /**
   * As {@link #fromEnv(Map)}, but a bad {@code SCHEMA_REGISTRY_URL} goes to {@code problems} (a tier's
   * configuration collects every problem before it fails) and single-object topics are returned meanwhile.
   */
  public static Topics fromEnv(Map<String, String> env, Consumer<String> problems) {
    try {
      return fromEnv(env);
    } catch (IllegalArgumentException e) {
      problems.accept(e.getMessage());
      return new Topics(env.getOrDefault("MMPIPE_TOPIC_PREFIX", ""));
    }
  }

  /** The registry values are written to, if any (empty: single-object encoding). */
  public Optional<SchemaRegistry> registry() {
    return Optional.ofNullable(registry);
  }

  /**
   * In registry mode, registers every topic's value schema under BACKWARD compatibility (what each tier does at
   * startup, after creating its topics); in single-object mode, nothing.
   *
   * @throws SchemaRegistrar.RegistrationException when the registry refuses a schema or cannot be reached
   */
  public List<SchemaRegistrar.Registered> registerSchemas() {
    return registerSchemas(all());
  }

  /**
   * As {@link #registerSchemas()}, for the given topics only: a topic outside {@link #all()} (the analytics job's
   * output) is registered by the one application that writes it.
   */
  public List<SchemaRegistrar.Registered> registerSchemas(List<Topic<?, ?>> topics) {
    return registry == null ? List.of() : new SchemaRegistrar(registry).registerAll(topics);
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
