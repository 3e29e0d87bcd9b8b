package io.mmpipe.testkit;

import io.mmpipe.devkit.EmbeddedKafka;
import io.mmpipe.schemas.Topics;
import java.util.Locale;
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
  private EmbeddedKafka kafka;

  @Override
  public void beforeAll(ExtensionContext context) {
    kafka = EmbeddedKafka.start();
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
