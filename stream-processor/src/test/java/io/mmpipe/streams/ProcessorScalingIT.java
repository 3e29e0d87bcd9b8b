package io.mmpipe.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmpipe.devkit.Ports;
import io.mmpipe.devkit.TopicReader;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.testkit.KafkaExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scaling rule "processors ≤ partitions", on a real broker: the processor's work is one task per partition of
 * the raw topic (one sub-topology, no repartition: {@code NamingTest}), so an instance beyond the partition count
 * gets no task. It is not an error: its {@code /health} is UP with {@code active_tasks} 0, and when the working
 * instance leaves, it takes the task over and every input still comes out exactly once.
 */
class ProcessorScalingIT {

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** One instance of the application {@code appId}, with its own state directory and /health on a free port. */
  private static ProcessorMain start(Topics topics, String appId, int partitions) {
    ProcessorConfig base = ProcessorConfig.of(KAFKA.bootstrapServers(), topics.prefix(), appId);
    return ProcessorMain.start(new ProcessorConfig(base.kafka(), base.topicPrefix(), appId, base.stateDir(),
        base.dedupeRetention(), base.commitInterval(), 1, Ports.free(), partitions, (short) 1,
        base.startTimeout()));
  }

  /** GET /health over HTTP: the status code and the JSON body. */
  private record Health(int code, JsonNode body) {
    int activeTasks() {
      return body.get("components").get("active_tasks").asInt();
    }
  }

  private static Health health(ProcessorMain proc) throws IOException, InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + proc.metricsPort() + "/health");
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    return new Health(r.statusCode(), JSON.readTree(r.body()));
  }

  private static RawEvent post(String id) {
    return Events.posted(Events.post(id, System.currentTimeMillis()).build());
  }

  /** Update event ids read until one for {@code postId} has come, then for a while longer (a late duplicate). */
  private static List<String> updatesUntil(TopicReader<String, ResourceUpdate> reader, String postId) {
    List<String> got = new ArrayList<>();
    await().atMost(Duration.ofMinutes(2)).until(() -> {
      KafkaIo.poll(reader, Duration.ofMillis(200)).forEach(u -> got.add(u.getEventId()));
      return got.stream().anyMatch(id -> id.contains(postId));
    });
    KafkaIo.poll(reader, Duration.ofSeconds(3)).forEach(u -> got.add(u.getEventId()));
    return got;
  }

  @Test
  void shouldShareTheTasksWhenInstancesDoNotOutnumberPartitions() throws Exception {
    Topics topics = KAFKA.newTopics(2);
    String appId = KafkaExtension.uniqueName("scaling2");
    try (ProcessorMain first = start(topics, appId, 2); ProcessorMain second = start(topics, appId, 2)) {
      // two partitions, two instances: one task each once the group has settled
      await().atMost(Duration.ofMinutes(2)).until(() -> health(first).activeTasks() == 1
          && health(second).activeTasks() == 1);
      assertThat(List.of(health(first).code(), health(second).code())).containsOnly(200);
    }
  }

  @Test
  void shouldKeepAProcessorBeyondThePartitionCountUpAndIdleUntilItTakesOver() throws Exception {
    Topics topics = KAFKA.newTopics(1);
    String appId = KafkaExtension.uniqueName("scaling");
    try (KafkaProducer<String, RawEvent> producer = KafkaIo.producer(KAFKA.bootstrapServers(), topics);
         TopicReader<String, ResourceUpdate> reader = KafkaIo.updatesReader(KAFKA.bootstrapServers(), topics)) {
      ProcessorMain first = start(topics, appId, 1);
      ProcessorMain second = null;
      try {
        await().atMost(Duration.ofMinutes(1)).until(() -> health(first).activeTasks() == 1);
        second = start(topics, appId, 1);
        ProcessorMain joined = second;
        // after the rebalance: one partition, one task, on exactly one of the two; both report UP
        await().atMost(Duration.ofMinutes(2)).until(() -> {
          Health a = health(first);
          Health b = health(joined);
          return a.code() == 200 && b.code() == 200 && a.activeTasks() + b.activeTasks() == 1
              && "RUNNING".equals(a.body().get("components").get("kafka_streams").asText())
              && "RUNNING".equals(b.body().get("components").get("kafka_streams").asText());
        });
        Health a = health(first);
        Health b = health(second);
        assertThat(List.of(a.activeTasks(), b.activeTasks())).containsExactlyInAnyOrder(0, 1);
        assertThat(List.of(a.body().get("status").asText(), b.body().get("status").asText()))
            .containsOnly("UP");

        KafkaIo.send(producer, topics, Events.CHANNEL, post("while-two"));
        List<String> ids = updatesUntil(reader, "while-two");
        assertThat(ids.stream().filter(id -> id.contains("while-two"))).as("updates in %s", ids).hasSize(1);

        // the working instance leaves: the idle one takes the task over and processes what comes next
        ProcessorMain working = a.activeTasks() == 1 ? first : second;
        ProcessorMain idle = working == first ? second : first;
        working.close();
        await().atMost(Duration.ofMinutes(2)).until(() -> health(idle).activeTasks() == 1);
        KafkaIo.send(producer, topics, Events.CHANNEL, post("after-takeover"));
        List<String> after = updatesUntil(reader, "after-takeover");
        assertThat(after.stream().filter(id -> id.contains("after-takeover"))).as("updates in %s", after).hasSize(1);
        assertThat(after).noneMatch(id -> id.contains("while-two"));
      } finally {
        first.close();
        if (second != null) {
          second.close();
        }
      }
    }
  }
}
