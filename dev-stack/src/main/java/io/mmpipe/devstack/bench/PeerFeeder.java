package io.mmpipe.devstack.bench;

import io.mmpipe.devkit.EmbeddedKafka;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.schemas.json.ResourceUpdateJson;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the peers the gateway's own stream: reads mm.updates from its end (every partition, no group) and publishes
 * each record, as the JSON the gateway sends ({@link ResourceUpdateJson}), to the server under test. The gateway
 * reads the topic itself, so for it the feeder publishes nothing; a peer thus has the same Kafka hop the gateway has.
 */
final class PeerFeeder implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PeerFeeder.class);

  private final KafkaConsumer<String, ResourceUpdate> consumer;
  private final AtomicReference<PushServer> target = new AtomicReference<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final LongAdder failed = new LongAdder();
  private final Thread thread;

  PeerFeeder(EmbeddedKafka kafka, Topics topics) {
    Map<String, Object> props = new HashMap<>(kafka.clientProperties());
    props.put("fetch.max.wait.ms", "5");
    consumer = new KafkaConsumer<>(props, topics.updates().keySerde().deserializer(),
        topics.updates().valueSerde().deserializer());
    List<TopicPartition> parts = consumer.partitionsFor(topics.updates().name()).stream()
        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    consumer.assign(parts);
    consumer.seekToEnd(parts);
    parts.forEach(consumer::position); // resolve the end now, not at the first poll
    thread = Thread.ofPlatform().name("bench-peer-feeder").start(this::loop);
  }

  /** The server each record goes to from now on (null: none). */
  void feed(PushServer server) {
    target.set(server);
  }

  /** Publishes that failed (each is an update no subscriber of that peer gets). */
  long failed() {
    return failed.sum();
  }

  private void loop() {
    while (running.get()) {
      for (ConsumerRecord<String, ResourceUpdate> r : consumer.poll(Duration.ofMillis(50))) {
        PushServer server = target.get();
        if (server == null || r.value() == null) {
          continue;
        }
        try {
          server.publish(r.value(), ResourceUpdateJson.write(r.value()));
        } catch (IOException | RuntimeException e) {
          if (failed.sum() == 0) {
            log.warn("publishing to {} failed: {}", server.name(), e.toString());
          }
          failed.increment();
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  @Override
  public void close() {
    running.set(false);
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.close();
  }
}
