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
}
