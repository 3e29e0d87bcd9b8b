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
import java.util.stream.Stream;
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
    return seriesNames(scrapes());
  }

  /** The tiers' scrapes, one after the other. */
  static String scrapes() {
    StringBuilder all = new StringBuilder();
    IngestorMetrics ingestor = new IngestorMetrics();
    ingestor.event("posted", "websocket");
    ingestor.producerError();
    ingestor.deadLetter();
    all.append(ingestor.scrape());
    PrometheusMeterRegistry processorRegistry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ProcessorMetrics processor = new ProcessorMetrics(processorRegistry);
    processor.recordIn("posted");
    processor.recordOut("post_created", System.currentTimeMillis());
    processor.recordDeadLetter("validate");
    all.append(processorRegistry.scrape());
    try (GatewayMetrics gateway = new GatewayMetrics("test")) {
      gateway.consumerLag(() -> 0);
      gateway.delivered(System.currentTimeMillis());
      all.append(gateway.scrape());
    }
    return all.toString();
  }

  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

  /** Each series' label names in a Prometheus text scrape. */
  static Map<String, Set<String>> labelsBySeries(String scrape) {
    Map<String, Set<String>> labels = new TreeMap<>();
    scrape.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(l -> {
      String name = l.split("[{ ]", 2)[0];
      Set<String> set = labels.computeIfAbsent(name, k -> new TreeSet<>());
      int open = l.indexOf('{');
      if (open == name.length()) {
        LABEL.matcher(l.substring(open, l.indexOf('}'))).results().forEach(m -> set.add(m.group(1)));
      }
    });
    return labels;
  }

  /** {@code metric{label="..."}} selectors, and {@code by (labels) (... metric ...)} with the first metric after it. */
  private static final Pattern SELECTOR = Pattern.compile("\\b(mmpipe_[a-z0-9_]+)\\{([^}]*)}");
  private static final Pattern BY = Pattern.compile("\\bby\\s*\\(([^)]*)\\).*?\\b(mmpipe_[a-z0-9_]+)");

  /** The labels a query asks of each series, as (series, label) pairs. */
  static List<List<String>> labelsAsked(String expr) {
    List<List<String>> asked = new ArrayList<>();
    SELECTOR.matcher(expr).results().forEach(m -> LABEL.matcher(m.group(2)).results()
        .forEach(l -> asked.add(List.of(m.group(1), l.group(1)))));
    BY.matcher(expr).results().forEach(m -> Stream.of(m.group(1).split(",")).map(String::strip)
        .filter(l -> !l.isEmpty()).forEach(l -> asked.add(List.of(m.group(2), l))));
    return asked;
  }

  @Test
  void shouldGroupAndFilterOnlyByLabelsTheSeriesCarry() throws IOException {
    Map<String, Set<String>> labels = labelsBySeries(scrapes());
    int checked = 0;
    for (Map.Entry<String, String> q : ComposeToolsTest.dashboardQueries().entrySet()) {
      for (List<String> pair : labelsAsked(q.getValue())) {
        checked++;
        assertThat(labels.getOrDefault(pair.get(0), Set.of())).as("%s: label %s of %s", q.getKey(), pair.get(1),
            pair.get(0)).contains(pair.get(1));
      }
    }
    assertThat(checked).as("labels asked by the dashboard").isGreaterThanOrEqualTo(5);
  }

  @Test
  void shouldFindTheLabelsAQueryAsks() {
    assertThat(labelsAsked("sum by (type) (rate(mmpipe_ingestor_events_total[1m]))"))
        .containsExactly(List.of("mmpipe_ingestor_events_total", "type"));
    assertThat(labelsAsked("max by (instance_id) (mmpipe_x{quantile=\"0.99\"})"))
        .containsExactlyInAnyOrder(List.of("mmpipe_x", "quantile"), List.of("mmpipe_x", "instance_id"));
    assertThat(labelsAsked("sum by (le) (max_over_time(mmpipe_y[5m]))")).containsExactly(List.of("mmpipe_y", "le"));
    assertThat(labelsBySeries(scrapes()).get("mmpipe_ingestor_events_total")).contains("type")
        .doesNotContain("update_type");
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
