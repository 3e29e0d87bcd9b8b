package io.mmpipe.architecture.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmpipe.devkit.ExternalTool;
import io.mmpipe.devkit.ExternalTool.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The deployment files checked by the real tools, without a Docker engine: Compose 1.29 (Debian's
 * {@code docker-compose}) resolves docker-compose.yml (every profile's services) alone and with the three-broker
 * overlay, and Prometheus's {@code promtool} checks the scrape config and parses every query of the Grafana
 * dashboard. The tools come from {@code DOCKER_COMPOSE} and {@code PROMTOOL} ({@code ./mmpipe test} installs them);
 * without them these tests fail and say how to get them, they never skip. Each check is also run on a broken copy,
 * to show it can fail.
 */
class ComposeToolsTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  static final String OVERLAY = "docker-compose.brokers3.yml";
  /** The one variable docker-compose.yml requires ({@code :?}); every other one has a default. */
  private static final Map<String, String> REQUIRED = Map.of("GATEWAY_API_TOKENS", "alice=s3cret");

  static Result compose(Map<String, String> env, String... args) {
    List<String> all = new ArrayList<>(List.of("--project-directory", ComposeFile.ROOT.toString()));
    all.addAll(List.of(args));
    return ExternalTool.DOCKER_COMPOSE.run(ComposeFile.ROOT, env, TIMEOUT, all.toArray(String[]::new));
  }

  @Test
  void shouldValidateTheComposeFileWithEveryProfilesServices() {
    Result check = compose(REQUIRED, "-f", "docker-compose.yml", "config", "-q");
    assertThat(check.exitCode()).as("docker-compose config: %s", check.output()).isZero();
    // Compose 1.29 resolves and validates every service whatever --profile says (it lists them all), so one run
    // covers each profile's services: the check is that none is missing from what it validated
    Result services = compose(REQUIRED, "-f", "docker-compose.yml", "config", "--services");
    assertThat(services.exitCode()).as(services.output()).isZero();
    assertThat(services.output().lines().map(String::strip).filter(l -> !l.isEmpty()).sorted().toList())
        .isEqualTo(ComposeFile.load().services().keySet().stream().sorted().toList());
  }

  @Test
  void shouldRunThreeBrokersWithEveryReplicationFactorForThreeInTheOverlay() {
    Map<String, Map<String, Object>> services = resolved("-f", "docker-compose.yml", "-f", OVERLAY);
    List<String> brokers = List.of("kafka", "kafka-2", "kafka-3");
    Set<String> ids = new TreeSet<>();
    for (String broker : brokers) {
      Map<String, Object> env = environment(services, broker);
      ids.add(String.valueOf(env.get("KAFKA_NODE_ID")));
      // one quorum of three controllers: any one broker may stop and the cluster keeps a controller
      assertThat(env).as(broker).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
          .containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka:9093,2@kafka-2:9093,3@kafka-3:9093")
          .containsEntry("KAFKA_ADVERTISED_LISTENERS", "PLAINTEXT://" + broker + ":9092")
          .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3")
          .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3")
          .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2")
          .containsEntry("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "3")
          .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
          .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
          .containsEntry("CLUSTER_ID", environment(services, "kafka").get("CLUSTER_ID"));
      // a broker waiting for another's health would wait forever: health needs the quorum
      assertThat(services.get(broker)).as(broker).doesNotContainKey("depends_on");
    }
    assertThat(ids).hasSize(3);
    List<String> tiers = kafkaClients(services);
    assertThat(tiers).contains("ingestor", "stream-processor", "mcp-gateway", "analytics");
    for (String tier : tiers) {
      assertThat(environment(services, tier)).as(tier).containsEntry("MMPIPE_TOPIC_REPLICATION", "3")
          .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092,kafka-2:9092,kafka-3:9092");
      // topics at replication 3 need all three brokers registered before the tier creates them
      Set<String> waitsFor = new TreeSet<>();
      ((Map<?, ?>) services.get(tier).get("depends_on")).keySet().forEach(k -> waitsFor.add(String.valueOf(k)));
      assertThat(waitsFor).as(tier).containsAll(brokers);
    }
  }

  @Test
  void shouldKeepEveryReplicationFactorAtOneWithTheSingleBroker() {
    Map<String, Map<String, Object>> services = resolved("-f", "docker-compose.yml");
    assertThat(services).doesNotContainKeys("kafka-2", "kafka-3");
    assertThat(environment(services, "kafka")).containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
        .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
        .containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka:9093");
    for (String tier : kafkaClients(services)) {
      assertThat(environment(services, tier)).as(tier).containsEntry("MMPIPE_TOPIC_REPLICATION", "1")
          .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
    }
  }

  /** The services as Compose itself resolves them (files merged, env files read, variables interpolated). */
  @SuppressWarnings("unchecked")
  static Map<String, Map<String, Object>> resolved(String... files) {
    Result config = compose(REQUIRED, concat(List.of(files), "config"));
    assertThat(config.exitCode()).as(config.output()).isZero();
    Map<String, Object> doc = new Yaml().load(config.output());
    return (Map<String, Map<String, Object>>) doc.get("services");
  }

  /** Every tier that talks to Kafka (has KAFKA_BOOTSTRAP_SERVERS): a new tier is covered without editing this. */
  @SuppressWarnings("unchecked")
  private static List<String> kafkaClients(Map<String, Map<String, Object>> services) {
    return services.entrySet().stream()
        .filter(e -> e.getValue().get("environment") instanceof Map<?, ?> env
            && env.containsKey("KAFKA_BOOTSTRAP_SERVERS"))
        .map(Map.Entry::getKey).sorted().toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> environment(Map<String, Map<String, Object>> services, String service) {
    assertThat(services).containsKey(service);
    return (Map<String, Object>) services.get(service).get("environment");
  }

  @Test
  void shouldRefuseToStartWithoutGatewayApiTokens() {
    // the gateway listens on 0.0.0.0 in compose: no anonymous access, so the tokens are required (${...:?})
    Result check = compose(Map.of("GATEWAY_API_TOKENS", ""), "-f", "docker-compose.yml", "config", "-q");
    assertThat(check.exitCode()).isNotZero();
    assertThat(check.output()).contains("set GATEWAY_API_TOKENS");
  }

  @Test
  void shouldRejectWhatCompose129DoesNotKnow(@TempDir Path dir) throws IOException {
    // depends_on's "restart: true" (Compose spec 2.17+): the reason docker-compose.yml does not use it
    String yaml = Files.readString(ComposeFile.ROOT.resolve("docker-compose.yml"));
    assertThat(yaml).doesNotContain("restart: true");
    Path broken = dir.resolve("broken.yml");
    Files.writeString(broken, yaml.replaceFirst("kafka: \\{ condition: service_healthy }",
        "kafka: { condition: service_healthy, restart: true }"));
    Result check = compose(REQUIRED, "-f", broken.toString(), "config", "-q");
    assertThat(check.exitCode()).isNotZero();
    assertThat(check.output()).contains("depends_on contains unsupported option: 'restart'");
  }

  @Test
  void shouldPassPromtoolsConfigCheck(@TempDir Path dir) throws IOException {
    Path config = ComposeFile.ROOT.resolve("deploy/prometheus/prometheus.yml");
    Result good = promtool("check", "config", config.toString());
    assertThat(good.exitCode()).as(good.output()).isZero();
    assertThat(good.output()).contains("SUCCESS");

    Path broken = dir.resolve("prometheus.yml");
    Files.writeString(broken, Files.readString(config).replace("scrape_interval: 10s", "scrape_interval: often"));
    assertThat(promtool("check", "config", broken.toString()).exitCode()).isNotZero();
  }

  @Test
  void shouldParseEveryDashboardQueryWithPromtool(@TempDir Path dir) throws IOException {
    Map<String, String> queries = dashboardQueries();
    assertThat(queries).isNotEmpty();
    Path rules = writeRules(dir.resolve("dashboard-rules.yml"), queries);
    Result good = promtool("check", "rules", rules.toString());
    assertThat(good.exitCode()).as(good.output()).isZero();
    assertThat(good.output()).contains("SUCCESS: " + queries.size() + " rules found");

    // the same check on one query with a syntax error fails: the parse is real
    Map<String, String> bad = new LinkedHashMap<>(queries);
    bad.put("broken", "sum by (type (rate(mmpipe_ingestor_events_total[1m]))");
    Result check = promtool("check", "rules", writeRules(dir.resolve("bad.yml"), bad).toString());
    assertThat(check.exitCode()).isNotZero();
    assertThat(check.output()).contains("parse error");
  }

  /** Each panel target's PromQL, keyed by "panel title #n". */
  static Map<String, String> dashboardQueries() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(
        ComposeFile.ROOT.resolve("deploy/grafana/dashboards/mmpipe.json").toFile());
    Map<String, String> queries = new LinkedHashMap<>();
    for (JsonNode panel : dashboard.get("panels")) {
      int n = 0;
      for (JsonNode target : panel.get("targets")) {
        queries.put(panel.get("title").asText() + " #" + ++n, target.get("expr").asText());
      }
    }
    return queries;
  }

  /** A rules file with each query as a recording rule: {@code promtool check rules} parses every expression. */
  private static Path writeRules(Path file, Map<String, String> queries) throws IOException {
    ObjectMapper json = new ObjectMapper();
    StringBuilder yaml = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
    int i = 0;
    for (String expr : queries.values()) {
      // a JSON string is a valid YAML double-quoted scalar: no escaping of our own
      yaml.append("      - record: dashboard:query_").append(i++).append('\n')
          .append("        expr: ").append(json.writeValueAsString(expr)).append('\n');
    }
    return Files.writeString(file, yaml.toString());
  }

  private static Result promtool(String... args) {
    return ExternalTool.PROMTOOL.run(ComposeFile.ROOT, Map.of(), TIMEOUT, args);
  }

  private static String[] concat(List<String> head, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(List.of(tail));
    return all.toArray(String[]::new);
  }
}
