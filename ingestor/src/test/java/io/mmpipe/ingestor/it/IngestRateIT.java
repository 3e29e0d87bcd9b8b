package io.mmpipe.ingestor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.ingestor.IngestorMain;
import io.mmpipe.sim.SimConfig;
import io.mmpipe.testkit.KafkaExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures (does not assert) how many raw events per second the ingestor writes while the simulator's load
 * generator runs; the figure is logged. Only correctness under load is asserted.
 */
class IngestRateIT {

  private static final Logger log = LoggerFactory.getLogger(IngestRateIT.class);

  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @Test
  void shouldKeepUpWithLoadGeneratorAndReportRate() throws Exception {
    double rate = Double.parseDouble(System.getProperty("ingest.rate", "300"));
    long seconds = Long.parseLong(System.getProperty("ingest.seconds", "20"));
    try (SimHarness h = new SimHarness(KAFKA, SimConfig.defaults())) {
      IngestorMain ing = h.start(h.config().pollingInterval(Duration.ofSeconds(5)).build());
      long mark = h.mark();
      long before = h.raw.count();
      long t0 = System.nanoTime();
      h.sim.load().start(rate, 4);
      Thread.sleep(Duration.ofSeconds(seconds));
      h.sim.load().stop();
      long duringLoad = h.raw.count() - before;
      var changes = h.since(mark);
      h.awaitDelivered(changes);
      double elapsed = (System.nanoTime() - t0) / 1e9;
      long written = h.raw.count() - before;
      log.info("INGEST RATE: {} changes made in {} s ({} /s asked); {} raw events read back during the load "
              + "({} /s); {} written until every change was seen ({} s): {} events/s; ws={} poll={}", changes.size(),
          seconds, rate, duringLoad, duringLoad / seconds, written, String.format("%.1f", elapsed),
          String.format("%.0f", written / elapsed),
          (long) ing.metrics().events("posted", "WEBSOCKET"), (long) ing.metrics().events("polled_post", "POLL"));
      h.assertNoWebSocketDuplicates();
      assertThat(ing.health().producerErrors()).isZero();
    }
  }
}
