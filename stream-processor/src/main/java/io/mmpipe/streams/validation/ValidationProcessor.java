package io.mmpipe.streams.validation;

import io.mmpipe.schemas.avro.PostPayload;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.ReactionPayload;
import io.mmpipe.schemas.avro.ReactionSnapshotPayload;
import io.mmpipe.streams.metrics.ProcessorMetrics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Every raw event passes here: an unusable one goes to the dead-letter node, a usable one straight to the nodes of
 * its kind. One node instead of a validity split, an unwrap and a kind split with a pass-through per branch: under
 * the bench's load those hops were 4% of the stream thread (issue 12), and this routing is all they did.
 */
public final class ValidationProcessor implements Processor<String, RawEvent, String, RawEvent> {

  /** The names of the nodes downstream of this one, by what they receive. */
  public record Routes(String deadLetters, String cursors, String posts, String reactions, String other) {}

  private final ProcessorMetrics metrics;
  private final Routes routes;
  private ProcessorContext<String, RawEvent> context;

  public ValidationProcessor(ProcessorMetrics metrics, Routes routes) {
    this.metrics = metrics;
    this.routes = routes;
  }

  @Override
  public void init(ProcessorContext<String, RawEvent> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, RawEvent> record) {
    RawEvent e = record.value();
    metrics.recordIn(e == null ? "null" : e.getEventType());
    if (EventValidator.problem(record.key(), e).isPresent()) {
      context.forward(record, routes.deadLetters()); // that node says why (invalid events are rare)
      return;
    }
    Object payload = e.getPayload();
    if (payload instanceof PostPayload) {
      context.forward(record, routes.cursors());
      context.forward(record, routes.posts());
    } else if (payload instanceof ReactionPayload || payload instanceof ReactionSnapshotPayload) {
      context.forward(record, routes.reactions());
    } else {
      context.forward(record, routes.other());
    }
  }
}
