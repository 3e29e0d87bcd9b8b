package io.mmpipe.devstack.bench;

import io.mmpipe.schemas.Topic;
import io.mmpipe.schemas.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Creates a fresh set of mmpipe topics for one bench run. The raw and update topics use LogAppendTime: the broker
 * stamps each record when it is appended, so "append time" figures come from one clock and cannot be skewed by a
 * producer (Kafka Streams would otherwise copy the raw record's timestamp onto the update).
 */
final class BenchTopics {

  private BenchTopics() {}

  static Topics create(Admin admin, String prefix, int partitions) {
    Topics topics = new Topics(prefix);
    List<NewTopic> news = topics.all().stream().map(t -> newTopic(t, topics, partitions)).toList();
    try {
      admin.createTopics(news).all().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create bench topics " + prefix + "*: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return topics;
  }

  private static NewTopic newTopic(Topic<?, ?> t, Topics topics, int partitions) {
    Map<String, String> configs = new HashMap<>(t.configs());
    if (t.name().equals(topics.rawEvents().name()) || t.name().equals(topics.updates().name())) {
      configs.put("message.timestamp.type", "LogAppendTime");
    }
    return new NewTopic(t.name(), partitions, (short) 1).configs(configs);
  }

  /** A plain topic whose records carry the broker's append time (an output whose append times are measured). */
  static void createAppendTime(Admin admin, String name, int partitions) {
    create(admin, new NewTopic(name, partitions, (short) 1).configs(Map.of("message.timestamp.type",
        "LogAppendTime")));
  }

  static void createPlain(Admin admin, String name, int partitions) {
    create(admin, new NewTopic(name, partitions, (short) 1));
  }

  private static void create(Admin admin, NewTopic topic) {
    String name = topic.name();
    try {
      admin.createTopics(List.of(topic)).all().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
