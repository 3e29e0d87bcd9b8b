package io.mmpipe.streams.validation;

import io.mmpipe.schemas.AvroSerde;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.streams.metrics.ProcessorMetrics;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** Every raw event passes here: usable ones go on, the others become dead letters with the reason and offset. */
public final class ValidationProcessor implements Processor<String, RawEvent, String, Checked> {

  private static final AvroSerde<RawEvent> SERDE = AvroSerde.of(RawEvent.class);
  private final ProcessorMetrics metrics;
  private ProcessorContext<String, Checked> context;

  public ValidationProcessor(ProcessorMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Checked> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, RawEvent> record) {
    RawEvent e = record.value();
    metrics.recordIn(e == null ? "null" : e.getEventType());
    Optional<String> problem = EventValidator.problem(record.key(), e);
    if (problem.isEmpty()) {
      context.forward(record.withValue(new Checked.Valid(e)));
      return;
    }
    metrics.recordDeadLetter("validation");
    Optional<RecordMetadata> meta = context.recordMetadata();
    // The record was valid Avro, so re-encoding it gives the operator the same content the ingestor wrote.
    byte[] bytes = e == null ? null : SERDE.serialize(null, e);
    context.forward(record.withValue(new Checked.Invalid(DeadLetters.of("invalid event: " + problem.get(),
        meta.map(RecordMetadata::topic).orElse(null), meta.map(RecordMetadata::partition).orElse(null),
        meta.map(RecordMetadata::offset).orElse(null), bytes, null))));
  }
}
