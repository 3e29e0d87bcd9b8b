package io.mmpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.ingestor.IngestorConfig;
import io.mmpipe.streams.ProcessorConfig;
import org.junit.jupiter.api.Test;

/**
 * A contract between two tiers' defaults: the processor takes a polled post or edit older than its dedupe retention
 * for one delivered before, so a retention shorter than the ingestor's catch-up horizon would silently cut every
 * catch-up after a longer outage.
 */
class RetentionCoversHorizonTest {

  @Test
  void shouldRememberEventIdsLongerThanTheIngestorCatchesUp() {
    assertThat(ProcessorConfig.DEFAULT_DEDUPE_RETENTION).isGreaterThan(IngestorConfig.DEFAULT_CATCH_UP_HORIZON);
  }
}
