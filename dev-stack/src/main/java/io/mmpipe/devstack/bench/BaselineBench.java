package io.mmpipe.devstack.bench;

import io.mmpipe.devkit.EmbeddedKafka;
import java.time.Duration;
import java.util.List;

/**
 * Section 1: Kafka's own tools against the same broker, the yardstick for every other figure. Also offers
 * {@link #consumerPerformance} so the processor section can read ITS raw topic with the same tool.
 */
final class BaselineBench {

  static final String SECTION = "baseline";
  static final String PRODUCER = "ProducerPerformance acks=all";
  static final String CONSUMER = "ConsumerPerformance";
  static final String E2E_P50 = "EndToEndLatency p50";
  static final String E2E_P99 = "EndToEndLatency p99";

  private final EmbeddedKafka kafka;
  private final KafkaTools tools;
  private final BenchConfig config;

  BaselineBench(EmbeddedKafka kafka, KafkaTools tools, BenchConfig config) {
    this.kafka = kafka;
    this.tools = tools;
    this.config = config;
  }

  /** Results of the section, for later sections' ratios. */
  record Result(ToolOutput.ProducerResult producer, ToolOutput.ConsumerResult consumer,
      ToolOutput.EndToEndResult endToEnd) {}

  Result run(BenchReport report) {
    String topic = "bench.baseline";
    BenchTopics.createPlain(kafka.admin(), topic, config.partitions());
    ToolOutput.ProducerResult producer = ToolOutput.parseProducer(tools.run("producer-performance",
        "org.apache.kafka.tools.ProducerPerformance", List.of("--bootstrap-server", kafka.bootstrapServers(),
            "--topic", topic, "--num-records", String.valueOf(config.baselineRecords()), "--record-size", "200",
            "--throughput", "-1", "--command-property", "acks=all"), Duration.ofMinutes(3)));
    report.add(Figure.baseline(SECTION, PRODUCER, producer.recordsPerSec(), "records/s",
        config.baselineRecords() + " x 200 B, unthrottled"));
    report.add(Figure.baseline(SECTION, "ProducerPerformance p99 (saturated)", producer.p99Ms(), "ms",
        "send-to-ack under full load (closed loop)"));

    ToolOutput.ConsumerResult consumer = consumerPerformance("consumer-performance", topic,
        config.baselineRecords());
    report.add(Figure.baseline(SECTION, CONSUMER, consumer.fetchRecordsPerSec(), "records/s",
        "fetch rate (group join excluded; with it: " + Math.round(consumer.recordsPerSec()) + "/s)"));

    String e2eTopic = "bench.e2e";
    BenchTopics.createPlain(kafka.admin(), e2eTopic, 1);
    // One record in flight at a time: the unloaded latency floor of produce (acks=all) + fetch.
    ToolOutput.EndToEndResult e2e = ToolOutput.parseEndToEnd(tools.run("end-to-end-latency",
        "org.apache.kafka.tools.EndToEndLatency", List.of("--bootstrap-server", kafka.bootstrapServers(),
            "--topic", e2eTopic, "--num-records", String.valueOf(config.e2eRecords()), "--producer-acks", "all",
            "--record-size", "200"), Duration.ofMinutes(2)));
    report.add(Figure.baseline(SECTION, E2E_P50, e2e.p50Ms(), "ms", "produce acks=all to consume, unloaded"));
    report.add(Figure.baseline(SECTION, E2E_P99, e2e.p99Ms(), "ms", ""));
    return new Result(producer, consumer, e2e);
  }

  ToolOutput.ConsumerResult consumerPerformance(String name, String topic, long records) {
    return ToolOutput.parseConsumer(tools.run(name, "org.apache.kafka.tools.ConsumerPerformance",
        List.of("--bootstrap-server", kafka.bootstrapServers(), "--topic", topic, "--num-records",
            String.valueOf(records), "--timeout", "30000", "--group", "bench-" + name + "-" + System.nanoTime()),
        Duration.ofMinutes(3)));
  }
}
