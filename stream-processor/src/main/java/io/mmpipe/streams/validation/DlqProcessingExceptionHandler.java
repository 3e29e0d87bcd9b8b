package io.mmpipe.streams.validation;

import io.mmpipe.schemas.avro.DeadLetter;
import io.mmpipe.streams.metrics.ProcessorMetrics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that made a processor throw (a bug, or input our checks did not foresee) goes to the DLQ with the source
 * bytes and offset, and the stream carries on: one poisoned event must not stop every channel of its partition.
 */
public final class DlqProcessingExceptionHandler implements ProcessingExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(DlqProcessingExceptionHandler.class);
  private Serde<DeadLetter> serde;
  private String dlqTopic;
  private ProcessorMetrics metrics;

  @Override
  public void configure(Map<String, ?> configs) {
    dlqTopic = DlqDeserializationExceptionHandler.HandlerConfig.dlqTopic(configs);
    metrics = DlqDeserializationExceptionHandler.HandlerConfig.metrics(configs);
    serde = DlqDeserializationExceptionHandler.HandlerConfig.serde(configs);
  }

  @Override
  public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    String reason = DeadLetters.reason("processing in " + context.processorNodeId(), exception);
    log.warn("record {}-{}@{} failed in {}, sent to {}: {}", context.topic(), context.partition(), context.offset(),
        context.processorNodeId(), dlqTopic, reason, exception);
    metrics.recordDeadLetter("processing");
    DeadLetter letter = DeadLetters.of(reason, context.topic(), context.partition(), context.offset(),
        context.sourceRawValue(), exception);
    return Response.resume(List.of(new ProducerRecord<>(dlqTopic, null, context.sourceRawKey(),
        serde.serializer().serialize(dlqTopic, letter))));
  }
}
