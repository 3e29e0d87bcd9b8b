package io.mmpipe.testkit;

import io.mmpipe.devkit.EmbeddedKafka;
import io.mmpipe.schemas.Topics;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: one real in-JVM KRaft broker per test class.
 *
 * <pre>{@code @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();}</pre>
 *
 * Each test takes its own topics with {@link #newTopics()} so tests never see each other's records.
 */
public final class KafkaExtension implements BeforeAllCallback, AfterAllCallback {

  private static final AtomicInteger COUNTER = new AtomicInteger();
  /**
   * No time-based retention pass while a test runs: fixtures stamp records in the past (months older than the
   * topics' retention.ms), and a pass deleting them mid-test looks like lost records. Tests that need records gone
   * delete them explicitly (Admin deleteRecords).
   */
  static final Map<String, String> BROKER = Map.of(
      "log.initial.task.delay.ms", "86400000", // the first pass would otherwise run 30 s after start
      "log.retention.check.interval.ms", "86400000");
  private EmbeddedKafka kafka;

  @Override
  public void beforeAll(ExtensionContext context) {
    kafka = EmbeddedKafka.start(null, BROKER);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (kafka != null) {
      kafka.close();
    }
  }

  public EmbeddedKafka kafka() {
    if (kafka == null) {
      throw new IllegalStateException("KafkaExtension must be registered as a static @RegisterExtension field");
    }
    return kafka;
  }

  public String bootstrapServers() {
    return kafka().bootstrapServers();
  }

  /** A fresh, uniquely prefixed topic registry, with every topic created (3 partitions). */
  public Topics newTopics() {
    return newTopics(3);
  }

  public Topics newTopics(int partitions) {
    return kafka().createTopics(new Topics(uniqueName("t") + "."), partitions);
  }

  /** A unique lowercase name for application ids, group ids and topic prefixes. */
  public static String uniqueName(String base) {
    return (base + "-" + COUNTER.incrementAndGet() + "-" + UUID.randomUUID().toString().substring(0, 8))
        .toLowerCase(Locale.ROOT);
  }
}
