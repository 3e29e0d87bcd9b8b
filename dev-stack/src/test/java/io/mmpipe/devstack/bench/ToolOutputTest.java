package io.mmpipe.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The parsers on output captured from Kafka 4.3.1's tools (src/test/resources/bench). */
class ToolOutputTest {

  private static String sample(String name) throws IOException {
    try (InputStream in = ToolOutputTest.class.getResourceAsStream("/bench/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void shouldReadProducerSummaryLine() throws IOException {
    ToolOutput.ProducerResult r = ToolOutput.parseProducer(sample("producer-performance.out"));
    assertThat(r.records()).isEqualTo(5000);
    assertThat(r.recordsPerSec()).isEqualTo(6211.180124);
    assertThat(r.mbPerSec()).isEqualTo(1.18);
    assertThat(r.avgLatencyMs()).isEqualTo(182.45);
    assertThat(r.maxLatencyMs()).isEqualTo(612.0);
    assertThat(r.p50Ms()).isEqualTo(180);
    assertThat(r.p95Ms()).isEqualTo(211);
    assertThat(r.p99Ms()).isEqualTo(226);
    assertThat(r.p999Ms()).isEqualTo(233);
  }

  @Test
  void shouldSkipProducerWindowLinesAndTakeTheFinalSummary() {
    String out = """
        46234 records sent, 9246.8 records/sec (1.76 MB/sec), 1544.6 ms avg latency, 2330.0 ms max latency.
        100000 records sent, 11123.5 records/sec (2.12 MB/sec), 1404.21 ms avg latency, 2330.00 ms max latency, \
        1389 ms 50th, 2201 ms 95th, 2290 ms 99th, 2321 ms 99.9th.
        """;
    ToolOutput.ProducerResult r = ToolOutput.parseProducer(out);
    assertThat(r.records()).isEqualTo(100_000);
    assertThat(r.recordsPerSec()).isEqualTo(11123.5);
    assertThat(r.p99Ms()).isEqualTo(2290);
  }

  @Test
  void shouldFailWhenProducerPrintedNoSummary() {
    assertThatThrownBy(() -> ToolOutput.parseProducer(
        "46234 records sent, 9246.8 records/sec (1.76 MB/sec), 1544.6 ms avg latency, 2330.0 ms max latency.\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no line matching");
  }

  @Test
  void shouldReadConsumerColumnsByName() throws IOException {
    ToolOutput.ConsumerResult r = ToolOutput.parseConsumer(sample("consumer-performance.out"));
    assertThat(r.records()).isEqualTo(5000);
    assertThat(r.recordsPerSec()).isEqualTo(4310.3448);
    assertThat(r.mbPerSec()).isEqualTo(0.8221);
    assertThat(r.fetchTimeMs()).isEqualTo(229);
    assertThat(r.fetchRecordsPerSec()).isEqualTo(21834.0611);
  }

  @Test
  void shouldReadConsumerColumnsInAnyOrder() {
    String out = """
        WARN something on stdout
        nMsg.sec, fetch.nMsg.sec, data.consumed.in.nMsg, MB.sec, fetch.time.ms
        10.5, 20.25, 42, 0.5, 7
        """;
    ToolOutput.ConsumerResult r = ToolOutput.parseConsumer(out);
    assertThat(r.records()).isEqualTo(42);
    assertThat(r.recordsPerSec()).isEqualTo(10.5);
    assertThat(r.fetchRecordsPerSec()).isEqualTo(20.25);
    assertThat(r.fetchTimeMs()).isEqualTo(7);
  }

  @Test
  void shouldFailWhenConsumerTableIsMissing() {
    assertThatThrownBy(() -> ToolOutput.parseConsumer("WARNING: no records\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no ConsumerPerformance result");
  }

  @Test
  void shouldReadEndToEndAverageAndPercentiles() throws IOException {
    ToolOutput.EndToEndResult r = ToolOutput.parseEndToEnd(sample("end-to-end-latency.out"));
    assertThat(r.avgMs()).isEqualTo(21.0907);
    assertThat(r.p50Ms()).isEqualTo(13);
    assertThat(r.p99Ms()).isEqualTo(285);
    assertThat(r.p999Ms()).isEqualTo(285);
  }

  @Test
  void shouldFailWhenEndToEndHasNoPercentiles() {
    assertThatThrownBy(() -> ToolOutput.parseEndToEnd("Avg latency: 1.2 ms\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Percentiles");
  }
}
