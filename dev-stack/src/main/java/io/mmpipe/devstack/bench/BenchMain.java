package io.mmpipe.devstack.bench;

import io.mmpipe.devkit.EmbeddedKafka;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./mmpipe bench [quick|full]}: measures the ingestor, the stream processor and the gateway on one embedded
 * broker and prints each figure beside Kafka's own tools measured in the same run (see dev-stack/README.md, "bench").
 */
public final class BenchMain implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BenchMain.class);

  private final BenchConfig config;
  private final AtomicBoolean closed = new AtomicBoolean();
  private EmbeddedKafka kafka;

  private BenchMain(BenchConfig config) {
    this.config = config;
  }

  public static void main(String[] args) throws IOException {
    BenchConfig config = BenchConfig.fromArgs(args, System.getenv());
    BenchReport report;
    try (BenchMain bench = new BenchMain(config)) {
      Runtime.getRuntime().addShutdownHook(new Thread(bench::close, "bench-shutdown"));
      report = bench.run();
    }
    System.out.println();
    System.out.print(report.table());
    Path file = report.write(config.outputDir());
    System.out.println("\nJSON: " + file.toAbsolutePath() + "\nmarkdown, CSV and SVG charts beside it in "
        + file.toAbsolutePath().getParent());
    System.exit(report.errors().isEmpty() ? 0 : 1);
  }

  /** Runs every configured section; a failing section is reported and the others still run. */
  public static BenchReport run(BenchConfig config) {
    try (BenchMain bench = new BenchMain(config)) {
      return bench.run();
    }
  }

  private BenchReport run() {
    long t0 = System.nanoTime();
    BenchReport report = new BenchReport(config.mode());
    log.info("bench {}: sections {}, {} cores, load average {}", config.mode(), config.sections(),
        Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    KafkaTools tools = KafkaTools.locate(config.toolsClasspath(), config.outputDir().resolve("tools"));
    if (config.runs(GatewayBench.SECTION) && !GcLog.startHere(GatewayBench.benchGcLog(config))) {
      log.warn("the bench JVM's GC log could not be started: the fan-out section cannot tell its pauses");
    }
    RefusalCounter refusals = RefusalCounter.install(); // before the broker: it counts the broker's log calls
    kafka = EmbeddedKafka.start();
    BaselineBench baseline = new BaselineBench(kafka, tools, config);
    BaselineBench.Result base = null;
    if (config.runs(BaselineBench.SECTION)) {
      base = section(report, BaselineBench.SECTION, () -> baseline.run(report));
    }
    final BaselineBench.Result b = base;
    if (config.runs(IngestBench.SECTION)) {
      section(report, IngestBench.SECTION, () -> {
        new IngestBench(kafka, config).run(report, b);
        return null;
      });
    }
    if (config.runs(ProcessorBench.SECTION)) {
      section(report, ProcessorBench.SECTION, () -> {
        ProcessorBench processor = new ProcessorBench(kafka, baseline, config, refusals);
        try {
          processor.run(report, b);
        } finally {
          processor.cleanUp();
        }
        return null;
      });
    }
    if (config.runs(E2eBench.SECTION)) {
      section(report, E2eBench.SECTION, () -> {
        new E2eBench(kafka, config).run(report, b);
        return null;
      });
    }
    if (config.runs(GatewayBench.SECTION)) {
      section(report, GatewayBench.SECTION, () -> {
        new GatewayBench(kafka, config).run(report, b);
        return null;
      });
    }
    if (config.runs(ResumeBench.SECTION)) {
      section(report, ResumeBench.SECTION, () -> {
        new ResumeBench(kafka, baseline, config).run(report);
        return null;
      });
    }
    log.info("bench finished in {} s", (System.nanoTime() - t0) / 1_000_000_000);
    return report;
  }

  private interface Section<T> {
    T run() throws Exception;
  }

  private static <T> T section(BenchReport report, String name, Section<T> body) {
    long t0 = System.nanoTime();
    log.info("--- {} ---", name);
    try {
      T result = body.run();
      log.info("{} done in {} s", name, (System.nanoTime() - t0) / 1_000_000_000);
      return result;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      log.error("{} failed", name, e);
      report.failed(name, e.toString());
      return null;
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && kafka != null) {
      kafka.close();
    }
  }
}
