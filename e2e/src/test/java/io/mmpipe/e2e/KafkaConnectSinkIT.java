package io.mmpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmpipe.devkit.Processes;
import io.mmpipe.devkit.SseClient;
import io.mmpipe.devstack.DemoStack;
import io.mmpipe.schemas.SchemaRegistry;
import io.mmpipe.testkit.KafkaExtension;
import io.mmpipe.testkit.RegistryExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stock Kafka Connect reads mm.updates in registry mode with no mmpipe code: Connect standalone (from the Kafka
 * artifacts) runs in a child JVM whose classpath is only connect-kit's: Connect, its file sink and
 * Apicurio's Avro converter (2.x, whose serde packages would clash with mmpipe's 3.x serde in one JVM). The file
 * sink's records must equal what the gateway delivered over SSE: same event ids, once each, same content.
 */
class KafkaConnectSinkIT {

  @RegisterExtension
  static final RegistryExtension REGISTRY = new RegistryExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  /** The file sink writes a Struct's toString: fields in ResourceUpdate's schema order. */
  private static final Pattern LINE = Pattern.compile(
      "^Struct\\{event_id=(.*?),resource_uri=(.*?),update_type=(.*?),data_json=(.*),timestamp=([^,}]+)[,}].*$");
  private static DemoStack stack;

  @TempDir
  Path work;

  @BeforeAll
  static void startStack() {
    stack = TestStacks.start("connect", Map.of("POLLING_INTERVAL", "1", SchemaRegistry.ENV, REGISTRY.url()));
  }

  @AfterAll
  static void stopStack() {
    TestStacks.stop(stack);
  }

  @Test
  void shouldHaveAStockFileSinkWriteExactlyWhatTheGatewayDeliveredOverSse() throws Exception {
    String channel = stack.sim().world().botChannelIds().getFirst();
    List<String> messages = List.of("connect one", "connect two, with a comma", "connect {three} = braces");
    Map<String, JsonNode> delivered = new HashMap<>();
    try (SseClient sse = SseClient.connect(URI.create("http://127.0.0.1:" + stack.gatewayPort() + "/events"))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> sse.status() != null);
      List<String> postIds = new ArrayList<>();
      for (String m : messages) {
        postIds.add(TestStacks.post(stack, channel, m));
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> postIds.stream().allMatch(id ->
          !sse.events(e -> "created".equals(e.event()) && e.data().contains(id)).isEmpty()));
      for (SseClient.Event e : sse.events(e -> "created".equals(e.event()))) {
        JsonNode update = JSON.readTree(e.data());
        delivered.put(update.get("event_id").asText(), update);
      }
    }
    assertThat(delivered.values()).extracting(u -> u.at("/data/post/message").asText())
        .containsExactlyInAnyOrderElementsOf(messages);

    Path sink = work.resolve("sink.txt");
    Process connect = startConnect(sink);
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
        assertThat(connect.isAlive()).as("Connect standalone is running; its log ends:%n%s", log()).isTrue();
        return sinkIds(sink).containsAll(delivered.keySet());
      });
    } finally {
      Processes.stop(connect, 10);
    }

    List<String> lines = Files.readAllLines(sink, StandardCharsets.UTF_8);
    assertThat(lines).as("one line per record of the topic, each a record the gateway delivered")
        .hasSize(delivered.size());
    for (String line : lines) {
      Matcher m = LINE.matcher(line);
      assertThat(m.matches()).as("a ResourceUpdate Struct: %s", line).isTrue();
      JsonNode sse = delivered.get(m.group(1));
      assertThat(sse).as("the sink's %s was delivered over SSE", m.group(1)).isNotNull();
      assertThat(m.group(2)).as("resource_uri").isEqualTo(sse.get("resource_uri").asText());
      assertThat(m.group(3)).as("update_type").isEqualTo(sse.get("update_type").asText()).isEqualTo("created");
      assertThat(JSON.readTree(m.group(4))).as("data of %s", m.group(1)).isEqualTo(sse.get("data"));
      assertThat(Double.parseDouble(m.group(5))).as("timestamp").isEqualTo(sse.get("timestamp").asDouble());
    }
  }

  /** Connect standalone in a child JVM: connect-kit's classpath only, listening on a free port. */
  private Process startConnect(Path sink) throws IOException {
    Path worker = work.resolve("worker.properties");
    Files.writeString(worker, String.join("\n",
        "bootstrap.servers=" + stack.kafka().bootstrapServers(),
        "listeners=http://127.0.0.1:0",
        "offset.storage.file.filename=" + work.resolve("offsets"),
        "key.converter=org.apache.kafka.connect.storage.StringConverter",
        "value.converter=io.apicurio.registry.utils.converter.AvroConverter",
        // Apicurio 3.3 still serves the 2.x client's API; mmpipe's serde writes the Confluent framing (magic 0
        // and a 4-byte id) with the content id, so the 2.x converter must read the same
        "value.converter.apicurio.registry.url=" + REGISTRY.url() + "/apis/registry/v2",
        "value.converter.apicurio.registry.as-confluent=true",
        "value.converter.apicurio.registry.use-id=contentId",
        // the processor writes in transactions; a sink must not see aborted records
        "consumer.isolation.level=read_committed",
        "consumer.auto.offset.reset=earliest",
        ""));
    Path connector = work.resolve("sink.properties");
    Files.writeString(connector, String.join("\n",
        "name=" + KafkaExtension.uniqueName("file-sink"),
        "connector.class=org.apache.kafka.connect.file.FileStreamSinkConnector",
        "tasks.max=1",
        "topics=" + stack.topics().updates().name(),
        "file=" + sink,
        ""));
    Path logback = work.resolve("logback.xml");
    Files.writeString(logback, """
        <configuration>
          <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
          </appender>
          <root level="INFO"><appender-ref ref="OUT"/></root>
        </configuration>
        """);
    Path classpathFile = Path.of(System.getProperty("mmpipe.connectClasspath",
        "../connect-kit/target/connect-classpath.txt"));
    assertThat(classpathFile).as("connect-kit's build writes it (./mvnw -pl e2e -am verify)").exists();
    String classpath = Files.readString(classpathFile).strip();
    assertThat(classpath.split(java.io.File.pathSeparator)).as("Connect, its file sink and the converter")
        .anyMatch(j -> j.contains("connect-runtime-")).anyMatch(j -> j.contains("connect-file-"))
        .anyMatch(j -> j.contains("apicurio-registry-utils-converter-"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-Xmx256m", "-Dlogback.configurationFile=" + logback,
        "-cp", classpath, "org.apache.kafka.connect.cli.ConnectStandalone",
        worker.toString(), connector.toString())
        .redirectErrorStream(true).redirectOutput(work.resolve("connect.log").toFile()).start();
  }

  private List<String> sinkIds(Path sink) throws IOException {
    if (!Files.exists(sink)) {
      return List.of();
    }
    List<String> ids = new ArrayList<>();
    for (String line : Files.readAllLines(sink, StandardCharsets.UTF_8)) {
      Matcher m = LINE.matcher(line);
      if (m.matches()) {
        ids.add(m.group(1));
      }
    }
    return ids;
  }

  /** The tail of the child's log, for a failure message. */
  private String log() {
    try {
      List<String> all = Files.readAllLines(work.resolve("connect.log"), StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
