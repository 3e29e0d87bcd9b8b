package io.mmpipe.streams;

import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ChannelCursor;
import io.mmpipe.schemas.avro.DeadLetter;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.streams.metrics.ProcessorMetrics;
import io.mmpipe.streams.state.StateSection;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/** The production topology and serdes in a TopologyTestDriver. */
final class Harness implements AutoCloseable {

  final Topics topics = new Topics("test.");
  final ProcessorMetrics metrics = ProcessorMetrics.inMemory();
  final TopologyTestDriver driver;
  final TestInputTopic<String, RawEvent> raw;
  final TestInputTopic<String, byte[]> rawBytes;
  final TestOutputTopic<String, ResourceUpdate> updates;
  final TestOutputTopic<String, ChannelCursor> cursors;
  final TestOutputTopic<byte[], DeadLetter> dlq;

  Harness() {
    this(Duration.ofHours(24));
  }

  Harness(Duration retention) {
    this(retention, java.time.Instant.now());
  }

  /** @param wallClock the driver's wall clock at start (punctuations compare it with observation times) */
  Harness(Duration retention, java.time.Instant wallClock) {
    ProcessorConfig config = ProcessorConfig.of("dummy:9092", "test.", "harness").withDedupeRetention(retention);
    Properties props = config.streamsProperties();
    props.put(ProcessorConfig.METRICS_KEY, metrics);
    // TopologyTestDriver's exactly-once emulation loses records a deserialization handler returns (its mock
    // producer's transaction is not committed when no record was processed); DlqIT checks them under real EOS.
    props.put("processing.guarantee", "at_least_once");
    driver = new TopologyTestDriver(ProcessorTopology.build(new StreamsBuilder(), config, topics, metrics), props,
        wallClock);
    var r = topics.rawEvents();
    raw = driver.createInputTopic(r.name(), r.keySerde().serializer(), r.valueSerde().serializer());
    rawBytes = driver.createInputTopic(r.name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
    updates = driver.createOutputTopic(topics.updates().name(), topics.updates().keySerde().deserializer(),
        topics.updates().valueSerde().deserializer());
    cursors = driver.createOutputTopic(topics.channelCursors().name(),
        topics.channelCursors().keySerde().deserializer(), topics.channelCursors().valueSerde().deserializer());
    dlq = driver.createOutputTopic(topics.deadLetters().name(), topics.deadLetters().keySerde().deserializer(),
        topics.deadLetters().valueSerde().deserializer());
  }

  /** Pipes with the record timestamp = the event's observation time, as the ingestor's producer does. */
  void pipe(RawEvent e) {
    pipe(Events.CHANNEL, e);
  }

  void pipe(String key, RawEvent e) {
    raw.pipeInput(new TestRecord<>(key, e, java.time.Instant.ofEpochMilli(e.getObservedAt())));
  }

  List<ResourceUpdate> updates() {
    return updates.readValuesToList();
  }

  List<String> ids() {
    return updates().stream().map(ResourceUpdate::getEventId).toList();
  }

  /** Lets the wall clock run one cursor interval: the processor writes the cursors that advanced. */
  void emitCursors() {
    driver.advanceWallClockTime(io.mmpipe.streams.cursors.CursorProcessor.EMIT_INTERVAL);
  }

  /** A section of the shared store, read through to its legacy store as the processors read it. */
  <V> StateSection<V> section(StateSection.Kind<V> kind) {
    return new StateSection<>(kind, driver.getKeyValueStore(StateSection.STORE), driver.getKeyValueStore(kind.name()));
  }

  /** The separate store earlier versions kept for this kind of state. */
  <V> KeyValueStore<String, V> legacyStore(StateSection.Kind<V> kind) {
    return driver.getKeyValueStore(kind.name());
  }

  /** Counts a section's entries in the shared store (approximateNumEntries is an estimate in RocksDB). */
  long storeSize(StateSection.Kind<?> kind) {
    long n = 0;
    try (KeyValueIterator<String, ?> it = section(kind).from(null)) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    return n;
  }

  @Override
  public void close() {
    driver.close();
  }
}
