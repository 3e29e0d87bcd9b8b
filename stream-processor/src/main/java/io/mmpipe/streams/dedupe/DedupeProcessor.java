package io.mmpipe.streams.dedupe;

import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.streams.metrics.ProcessorMetrics;
import io.mmpipe.streams.updates.Candidate;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The one place that decides "already seen": an update passes only if its event id is not in the window store
 * {@value #STORE} within the retention. Ids are exact (docs/contracts.md), so the same change from any source
 * collapses and different changes never do. Event time is the record timestamp (the ingestor's observation).
 */
public final class DedupeProcessor implements Processor<String, Candidate, String, ResourceUpdate> {

  public static final String STORE = "seen-event-ids";

  private final long retentionMs;
  private final ProcessorMetrics metrics;
  private ProcessorContext<String, ResourceUpdate> context;
  private WindowStore<String, Long> seen;

  public DedupeProcessor(Duration retention, ProcessorMetrics metrics) {
    this.retentionMs = retention.toMillis();
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, ResourceUpdate> context) {
    this.context = context;
    this.seen = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<String, Candidate> record) {
    Candidate candidate = record.value();
    String id = candidate.eventId();
    long ts = record.timestamp();
    // look both ways: a copy can carry an earlier timestamp than the first one we saw (a slow ingestor)
    try (WindowStoreIterator<Long> it = seen.fetch(id, ts - retentionMs, ts + retentionMs)) {
      if (it.hasNext()) {
        metrics.recordDuplicate();
        return;
      }
    }
    // encode before remembering the id: an update that cannot be encoded goes to the DLQ and is not "seen"
    ResourceUpdate update = candidate.build();
    seen.put(id, ts, ts);
    metrics.recordOut(candidate.updateType(), candidate.observedAt());
    context.forward(record.withValue(update));
  }
}
