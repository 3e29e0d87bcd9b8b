package io.mmpipe.streams.validation;

import io.mmpipe.schemas.AvroSerde;
import io.mmpipe.schemas.avro.DeadLetter;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.streams.metrics.ProcessorMetrics;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/** A raw event {@link ValidationProcessor} refused, as a dead letter with the reason and offset. */
public final class InvalidEventProcessor implements Processor<String, RawEvent, byte[], DeadLetter> {

  private static final AvroSerde<RawEvent> SERDE = AvroSerde.of(RawEvent.class);
  private final ProcessorMetrics metrics;
  private ProcessorContext<byte[], DeadLetter> context;

  public InvalidEventProcessor(ProcessorMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<byte[], DeadLetter> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, RawEvent> record) {
    RawEvent e = record.value();
    String problem = EventValidator.problem(record.key(), e)
        .orElseThrow(() -> new IllegalStateException("a valid event routed to the dead letters"));
    metrics.recordDeadLetter("validation");
    Optional<RecordMetadata> meta = context.recordMetadata();
    // The record was valid Avro, so re-encoding it gives the operator the same content the ingestor wrote.
    byte[] bytes = e == null ? null : SERDE.serialize(null, e);
    DeadLetter letter = DeadLetters.of("invalid event: " + problem, meta.map(RecordMetadata::topic).orElse(null),
        meta.map(RecordMetadata::partition).orElse(null), meta.map(RecordMetadata::offset).orElse(null), bytes,
        null);
    String key = record.key();
    context.forward(new Record<>(key == null ? null : key.getBytes(StandardCharsets.UTF_8), letter,
        record.timestamp(), record.headers()));
  }
}
