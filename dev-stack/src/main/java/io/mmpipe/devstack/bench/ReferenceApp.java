package io.mmpipe.devstack.bench;

import io.mmpipe.schemas.avro.PostPayload;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.ReactionPayload;
import io.mmpipe.schemas.avro.ReactionSnapshotPayload;
import io.mmpipe.schemas.Topic;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The yardstick for the processor (issue 12, goal 1): what a user would write instead of it, with nothing of ours
 * but the Avro serde of the raw topic. Read {@code RawEvent}s, drop a record whose change was already seen (one
 * window store, the change's identity as its key: the post or reaction's post id and its update time, which the
 * WebSocket copy and the polled copy share), write the first copy unchanged to an output topic. {@code
 * exactly_once_v2}, the same commit interval, partitions and stream threads as the processor, Kafka Streams'
 * defaults for everything else.
 */
final class ReferenceApp implements AutoCloseable {

  static final String STORE = "reference-seen";

  private final KafkaStreams streams;

  private ReferenceApp(KafkaStreams streams) {
    this.streams = streams;
  }

  /** Starts the app and waits until it is RUNNING. */
  static ReferenceApp start(Map<String, Object> kafka, String appId, Path stateDir, Topic<String, RawEvent> raw,
      String outputTopic, Duration commitInterval, Duration retention, int threads) throws InterruptedException {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(Stores.windowStoreBuilder(
        Stores.persistentWindowStore(STORE, retention, Duration.ofMillis(1), false), Serdes.String(), Serdes.Long()));
    builder.stream(raw.name(), Consumed.with(raw.keySerde(), raw.valueSerde()))
        .process(() -> new Dedupe(retention.toMillis()), Named.as("dedupe"), STORE)
        .to(outputTopic, Produced.with(raw.keySerde(), raw.valueSerde()));
    Properties p = new Properties();
    p.putAll(kafka);
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, appId);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
    KafkaStreams streams = new KafkaStreams(builder.build(), p);
    CountDownLatch running = new CountDownLatch(1);
    streams.setStateListener((next, prev) -> {
      if (next == KafkaStreams.State.RUNNING) {
        running.countDown();
      }
    });
    streams.start();
    if (!running.await(2, TimeUnit.MINUTES)) {
      streams.close(Duration.ofSeconds(30));
      throw new IllegalStateException("the reference app did not reach RUNNING (" + streams.state() + ")");
    }
    return new ReferenceApp(streams);
  }

  /** The change a raw record reports, the same for its WebSocket and its polled copy; null when none. */
  static String changeKey(RawEvent e) {
    Object payload = e.getPayload();
    if (payload instanceof PostPayload pp) {
      return pp.getPost().getId() + ":" + pp.getPost().getUpdateAt();
    }
    if (payload instanceof ReactionPayload rp) {
      return rp.getReaction().getPostId() + ":" + rp.getReaction().getUpdateAt();
    }
    if (payload instanceof ReactionSnapshotPayload rs) {
      return rs.getPostId() + ":" + rs.getPostUpdateAt();
    }
    return null;
  }

  private static final class Dedupe implements Processor<String, RawEvent, String, RawEvent> {

    private final long retentionMs;
    private ProcessorContext<String, RawEvent> context;
    private WindowStore<String, Long> seen;

    Dedupe(long retentionMs) {
      this.retentionMs = retentionMs;
    }

    @Override
    public void init(ProcessorContext<String, RawEvent> context) {
      this.context = context;
      this.seen = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, RawEvent> record) {
      String id = changeKey(record.value());
      if (id == null) {
        return;
      }
      long ts = record.timestamp();
      try (WindowStoreIterator<Long> it = seen.fetch(id, ts - retentionMs, ts + retentionMs)) {
        if (it.hasNext()) {
          return;
        }
      }
      seen.put(id, ts, ts);
      context.forward(record);
    }
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(60));
  }
}
