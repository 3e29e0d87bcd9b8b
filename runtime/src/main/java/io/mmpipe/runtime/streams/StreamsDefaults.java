package io.mmpipe.runtime.streams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams settings every mmpipe Streams application shares, so the processor and the analytics job cannot
 * drift apart on guarantees: exactly-once, explicit naming enforced, input read from the beginning.
 */
public final class StreamsDefaults {

  private StreamsDefaults() {}

  /**
   * @param kafka         client properties ({@code KAFKA_*})
   * @param replication   replication of Streams' internal topics (changelogs, repartition topics)
   * @return a mutable map, so the application adds its own handlers, producer tuning and keys
   */
  public static Map<String, Object> properties(Map<String, Object> kafka, String applicationId, Path stateDir,
      Duration commitInterval, int threads, short replication) {
    Map<String, Object> p = new HashMap<>(kafka);
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replication);
    // KIP-1111: an operator, store or internal topic without an explicit name fails the build of the topology.
    p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
    // A record written before this application first started must be processed too.
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    return p;
  }

  /** A fresh directory for local state when none is configured (tests, the demo): rebuilt from the changelogs. */
  public static Path tempStateDir() {
    try {
      return Files.createTempDirectory("mmpipe-streams-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary state directory", e);
    }
  }
}
