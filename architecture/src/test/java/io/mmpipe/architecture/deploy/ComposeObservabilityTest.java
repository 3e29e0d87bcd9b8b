package io.mmpipe.architecture.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mmpipe.gateway.metrics.GatewayMetrics;
import io.mmpipe.ingestor.metrics.IngestorMetrics;
import io.mmpipe.streams.metrics.ProcessorMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The observability profile without Docker: Grafana's dashboard asks only for series the tiers really expose (read
 * from their own meter registries, scraped in-process), and Prometheus scrapes every tier at its metrics port.
 */
class ComposeObservabilityTest {

  private static final Pattern SERIES = Pattern.compile("\\b(mmpipe_[a-z0-9_]+)");

  /** The series names in a Prometheus text scrape (sample lines, not comments). */
  static Set<String> seriesNames(String scrape) {
    return scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank())
        .map(l -> l.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
  }

  /** Every series the tiers expose, with each meter touched once so the lazily registered ones appear too. */
  static Set<String> exposed() {
    Set<String> names = new TreeSet<>();
    IngestorMetrics ingestor = new IngestorMetrics();
    ingestor.event("posted", "websocket");
    ingestor.producerError();
    ingestor.deadLetter();
    names.addAll(seriesNames(ingestor.scrape()));
    PrometheusMeterRegistry processorRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ProcessorMetrics processor = new ProcessorMetrics(processorRegistry);
    processor.recordIn("posted");
    processor.recordOut("post_created", System.currentTimeMillis());
    processor.recordDeadLetter("validate");
    names.addAll(seriesNames(processorRegistry.scrape()));
    try (GatewayMetrics gateway = new GatewayMetrics("test")) {
      gateway.consumerLag(() -> 0);
      gateway.delivered(System.currentTimeMillis());
      names.addAll(seriesNames(gateway.scrape()));
    }
    return names;
  }

  @Test
  void shouldChartOnlySeriesTheTiersExpose() throws IOException {
    Set<String> exposed = exposed();
    JsonNode dashboard = new ObjectMapper().readTree(
        ComposeFile.ROOT.resolve("deploy/grafana/dashboards/mmpipe.json").toFile());
    List<String> titles = new ArrayList<>();
    for (JsonNode panel : dashboard.get("panels")) {
      titles.add(panel.get("title").asText());
      assertThat(panel.get("targets")).as(panel.get("title").asText()).isNotEmpty();
      for (JsonNode target : panel.get("targets")) {
        List<String> used = SERIES.matcher(target.get("expr").asText()).results().map(m -> m.group(1)).toList();
        assertThat(used).as("series of panel %s", panel.get("title")).isNotEmpty();
        assertThat(exposed).as("panel %s", panel.get("title")).containsAll(used);
      }
    }
    for (String topic : List.of("Throughput", "Lag", "Latency", "Connections", "Errors", "Cache hit ratio")) {
      assertThat(titles).as("a panel on %s", topic).anyMatch(t -> t.startsWith(topic));
    }
  }

  @Test
  void shouldNotAcceptASeriesNoTierExposes() {
    assertThat(exposed()).contains("mmpipe_gateway_consumer_lag", "mmpipe_ingestor_events_total")
        .doesNotContain("mmpipe_gateway_lag", "mmpipe_gateway_updates_delivered");
  }

  @Test
  @SuppressWarnings("unchecked")
  void shouldScrapeEveryTierAtItsMetricsPort() throws IOException {
    Map<String, Object> prometheus = new Yaml().load(
        Files.readString(ComposeFile.ROOT.resolve("deploy/prometheus/prometheus.yml")));
    Map<String, String> targets = new TreeMap<>();
    for (Map<String, Object> job : (List<Map<String, Object>>) prometheus.get("scrape_configs")) {
      for (Map<String, Object> sd : (List<Map<String, Object>>) job.get("dns_sd_configs")) {
        for (String name : (List<String>) sd.get("names")) {
          targets.put(name, String.valueOf(sd.get("port")));
        }
      }
    }
    ComposeFile compose = ComposeFile.load();
    assertThat(targets).containsExactlyInAnyOrderEntriesOf(metricsPorts(compose));
    assertThat(compose.services()).containsKeys(targets.keySet().toArray(String[]::new));
  }

  @Test
  void shouldCheckEachTiersHealthAtItsMetricsPort() {
    ComposeFile compose = ComposeFile.load();
    metricsPorts(compose).forEach((service, port) -> {
      Object test = ((Map<?, ?>) compose.service(service).get("healthcheck")).get("test");
      assertThat(String.valueOf(test)).as(service).contains("/dev/tcp/127.0.0.1/" + port + " ")
          .contains("GET /health HTTP/1.0");
    });
  }

  /** Each tier's service and the port of its /metrics and /health, from its environment in compose. */
  private static Map<String, String> metricsPorts(ComposeFile compose) {
    return Map.of(
        "ingestor", compose.effectiveEnvironment("ingestor").get("INGESTOR_METRICS_PORT"),
        "stream-processor", compose.effectiveEnvironment("stream-processor").get("PROCESSOR_METRICS_PORT"),
        "analytics", compose.effectiveEnvironment("analytics").get("ANALYTICS_METRICS_PORT"),
        "mcp-gateway", compose.effectiveEnvironment("mcp-gateway").get("GATEWAY_PORT"));
  }
}
