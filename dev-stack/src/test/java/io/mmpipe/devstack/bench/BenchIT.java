package io.mmpipe.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole bench in its tiny configuration: every section runs against a real broker, Kafka's tools run as child
 * JVMs and their output parses, and the report is written. The figures themselves are not judged here.
 */
class BenchIT {

  @Test
  void shouldRunEverySectionAndWriteTheReport(@TempDir Path dir) throws Exception {
    BenchConfig config = BenchConfig.fromArgs(new String[] {"tiny"}, java.util.Map.of("MMPIPE_BENCH_DIR",
        dir.toString()));

    BenchReport report = BenchMain.run(config);

    assertThat(report.errors()).isEmpty();
    Set<String> sections = report.figures().stream().map(Figure::section).collect(Collectors.toSet());
    assertThat(sections).containsExactlyInAnyOrderElementsOf(BenchConfig.ALL_SECTIONS);
    assertThat(report.figures()).extracting(Figure::name).contains(BaselineBench.PRODUCER, BaselineBench.CONSUMER,
        BaselineBench.E2E_P50, BaselineBench.E2E_P99);
    // every non-baseline figure that names a baseline found it in the same run
    assertThat(report.figures()).filteredOn(f -> f.baselineName() != null)
        .allSatisfy(f -> assertThat(f.baselineValue()).isNotNaN());
    assertThat(report.figures()).allSatisfy(f -> assertThat(f.value()).isFinite());
    // the fan-out section tells a stall from a pause: both JVMs' GC logs, each window's longest pauses and timeline
    assertThat(dir.resolve("bench-jvm-gc.log")).content().contains("[safepoint");
    assertThat(dir.resolve("fanout/gateway-sse-5-gc.log")).content().contains("[safepoint");
    assertThat(dir.resolve("fanout/timeline-gateway-sse-5-20.csv")).content().startsWith("second,delivered,");
    assertThat(report.figures()).extracting(Figure::name).contains(
        "longest pause of the server's JVM, gateway, 5 SSE subs, 20/s",
        "longest pause of the bench JVM, gateway, 5 SSE subs, 20/s",
        "server CPU per delivery, gateway, 5 SSE subs, 20/s");
    // the tools really ran: their raw output is kept beside the report
    assertThat(dir.resolve("tools/producer-performance.out")).isNotEmptyFile();
    assertThat(Files.readString(report.write(dir))).contains("\"figures\"");
  }
}
