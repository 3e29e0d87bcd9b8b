package io.mmpipe.streams.validation;

import io.mmpipe.schemas.AvroSerde;
import io.mmpipe.schemas.avro.DeadLetter;
import io.mmpipe.streams.ProcessorConfig;
import io.mmpipe.streams.metrics.ProcessorMetrics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bytes that are not a RawEvent go to mm.events.dlq as our Avro DeadLetter and processing resumes. The DLQ record is
 * returned to Streams (KIP-1034 response), so under exactly-once it commits in the same transaction as the offset.
 */
public final class DlqDeserializationExceptionHandler implements DeserializationExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(DlqDeserializationExceptionHandler.class);
  private Serde<DeadLetter> serde;
  private String dlqTopic;
  private ProcessorMetrics metrics;

  @Override
  public void configure(Map<String, ?> configs) {
    dlqTopic = HandlerConfig.dlqTopic(configs);
    metrics = HandlerConfig.metrics(configs);
    serde = HandlerConfig.serde(configs);
  }

  @Override
  public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
      Exception exception) {
    String reason = DeadLetters.reason("deserialization", exception);
    log.warn("raw record {}-{}@{} is not usable, sent to {}: {}", record.topic(), record.partition(),
        record.offset(), dlqTopic, reason);
    metrics.recordDeadLetter("deserialization");
    DeadLetter letter = DeadLetters.of(reason, record.topic(), record.partition(), record.offset(), record.value(),
        exception);
    return Response.resume(List.of(new ProducerRecord<>(dlqTopic, null, record.key(),
        serde.serializer().serialize(dlqTopic, letter))));
  }

  /** Reads our settings from the Streams configuration. */
  static final class HandlerConfig {
    private HandlerConfig() {}

    static String dlqTopic(Map<String, ?> configs) {
      Object t = configs.get(ProcessorConfig.DLQ_TOPIC_KEY);
      if (t == null) {
        throw new IllegalStateException(ProcessorConfig.DLQ_TOPIC_KEY + " is not set; use ProcessorConfig");
      }
      return t.toString();
    }

    /** The DLQ topic's serde from {@link ProcessorConfig}, or single-object encoding when absent (tests). */
    @SuppressWarnings("unchecked")
    static Serde<DeadLetter> serde(Map<String, ?> configs) {
      return configs.get(ProcessorConfig.DLQ_SERDE_KEY) instanceof Serde<?> s ? (Serde<DeadLetter>) s
          : AvroSerde.of(DeadLetter.class);
    }

    static ProcessorMetrics metrics(Map<String, ?> configs) {
      return configs.get(ProcessorConfig.METRICS_KEY) instanceof ProcessorMetrics m ? m : ProcessorMetrics.inMemory();
    }
  }
}
