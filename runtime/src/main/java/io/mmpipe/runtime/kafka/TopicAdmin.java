package io.mmpipe.runtime.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates topics when they are missing (idempotent; safe for several tiers to race). It takes names and settings,
 * not the registry itself, so that this module needs nothing of the contracts: callers pass
 * {@code Topics#creationConfigs()}.
 */
public final class TopicAdmin {

  private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);

  private TopicAdmin() {}

  /**
   * @param clientProps admin client properties (bootstrap.servers at least)
   * @param topics      topic name to its topic-level settings
   * @param partitions  partitions of each new topic
   * @param replication replication factor of each new topic
   */
  public static void ensureTopics(Map<String, Object> clientProps, Map<String, Map<String, String>> topics,
      int partitions, short replication) {
    Properties props = new Properties();
    props.putAll(clientProps);
    props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    try (Admin admin = Admin.create(props)) {
      Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      topics.forEach((name, configs) -> {
        if (!existing.contains(name)) {
          missing.add(new NewTopic(name, partitions, replication).configs(configs));
        }
      });
      for (var entry : admin.createTopics(missing).values().entrySet()) {
        try {
          entry.getValue().get(30, TimeUnit.SECONDS);
          log.info("created topic {} ({} partitions, replication {})", entry.getKey(), partitions, replication);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create topics on " + clientProps.get("bootstrap.servers") + ": "
          + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
    }
  }

  /**
   * The partition count of {@code topic}, or empty when it does not exist: a job that writes per key what it reads
   * creates its output with its input's count, so both stay co-partitioned.
   */
  public static java.util.OptionalInt partitions(Map<String, Object> clientProps, String topic) {
    Properties props = new Properties();
    props.putAll(clientProps);
    props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    try (Admin admin = Admin.create(props)) {
      var description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
      return java.util.OptionalInt.of(description.partitions().size());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing " + topic, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException) {
        return java.util.OptionalInt.empty();
      }
      throw new IllegalStateException("cannot describe " + topic + " on " + clientProps.get("bootstrap.servers")
          + ": " + e.getCause().getMessage(), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot describe " + topic + " on " + clientProps.get("bootstrap.servers")
          + ": " + e.getMessage(), e);
    }
  }
}
