package io.mmpipe.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {

  @Test
  void shouldComputeRatioAgainstBaselineAndNoneForABaseline() {
    assertThat(Figure.vs("s", "x", 50, "r/s", "base", 200, "").ratio()).isEqualTo(0.25);
    assertThat(Figure.baseline("s", "x", 50, "r/s", "").ratio()).isNaN();
    assertThat(Figure.vs("s", "x", 50, "r/s", "base", 0, "").ratio()).isNaN();
  }

  @Test
  void shouldRenderFiguresAndFailuresInTableAndJson(@TempDir Path dir) throws Exception {
    BenchReport r = new BenchReport("tiny");
    r.add(Figure.baseline("baseline", "ProducerPerformance", 1000, "records/s", ""));
    r.add(Figure.vs("processor", "throughput", 250, "records/s", "ConsumerPerformance", 1000, "note"));
    r.failed("gateway", "boom");

    assertThat(r.table()).contains("ProducerPerformance").contains("0.250").contains("gateway").contains("boom");

    Path file = r.write(dir);
    JsonNode json = new ObjectMapper().readTree(Files.readString(file));
    assertThat(json.get("mode").asText()).isEqualTo("tiny");
    assertThat(json.get("figures")).hasSize(2);
    assertThat(json.get("figures").get(1).get("ratio").asDouble()).isEqualTo(0.25);
    assertThat(json.get("figures").get(0).has("ratio")).isFalse();
    assertThat(json.get("errors").get("gateway").asText()).isEqualTo("boom");
    assertThat(dir.resolve("latest.json")).hasSameTextualContentAs(file);
  }

  @Test
  void shouldWriteMarkdownCsvAndTheRatioChartBesideTheJson(@TempDir Path dir) throws Exception {
    BenchReport r = new BenchReport("quick");
    r.add(Figure.baseline("baseline", "ConsumerPerformance", 1000, "records/s", ""));
    r.add(Figure.vs("processor", "throughput, a|b", 250, "records/s", "ConsumerPerformance, raw", 1000,
        "note with \"quotes\""));
    r.add(Figure.vs("e2e", "p99", 120, "ms", "goal", 240, ""));
    r.chart("extra.svg", "<svg/>");

    r.write(dir);

    String md = Files.readString(dir.resolve("latest.md"));
    assertThat(md).contains("| processor | throughput, a\\|b | 250 | records/s | ConsumerPerformance, raw | 1000 "
        + "| 0.250 |");
    assertThat(md).contains("| baseline | ConsumerPerformance | 1000 | records/s | (baseline) |  |  |");
    String csv = Files.readString(dir.resolve("latest.csv"));
    assertThat(csv.split("\r\n")).hasSize(4);
    assertThat(csv).contains("processor,\"throughput, a|b\",250.000,records/s,\"ConsumerPerformance, raw\","
        + "1000.00,0.250000,\"note with \"\"quotes\"\"\"");
    // the ratio chart holds the throughput ratio, not the latency one (its unit is not a rate)
    String svg = Files.readString(dir.resolve("ratios.svg"));
    assertThat(svg).startsWith("<svg").contains("throughput, a|b / ConsumerPerformance, raw").contains(">0.250<")
        .doesNotContain("p99");
    assertThat(dir.resolve("extra.svg")).hasContent("<svg/>");
  }
}
