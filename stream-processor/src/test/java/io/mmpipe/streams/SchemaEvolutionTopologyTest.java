package io.mmpipe.streams;

import static io.mmpipe.streams.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.schemas.avro.DeadLetter;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.testkit.OlderWriter;
import java.io.IOException;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Raw events written before a schema change are still processed; ones from an unknown writer go to the DLQ. */
class SchemaEvolutionTopologyTest {

  private final Harness h = new Harness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void shouldProcessARawEventWrittenWithTheOlderSchema() {
    RawEvent event = Events.posted(Events.post("p1", T0).build());
    byte[] older = OlderWriter.encode(event);

    h.rawBytes.pipeInput(new TestRecord<>(Events.CHANNEL, older, Instant.ofEpochMilli(event.getObservedAt())));

    assertThat(h.dlq.isEmpty()).as("dead letters").isTrue();
    assertThat(h.ids()).containsExactly("post_p1");
  }

  @Test
  void shouldSendARawEventFromAnUnknownNewerWriterToTheDlqNamingItsFingerprint() throws IOException {
    RawEvent event = Events.posted(Events.post("p1", T0).build());
    String current = RawEvent.getClassSchema().toString();
    Schema newer = new Schema.Parser().parse(current.substring(0, current.length() - 2)
        + ",{\"name\":\"from_the_future\",\"type\":[\"null\",\"string\"],\"default\":null}]}");
    GenericData.Record rec = new GenericData.Record(newer);
    for (Schema.Field f : RawEvent.getClassSchema().getFields()) {
      rec.put(f.name(), event.get(f.pos()));
    }
    byte[] bytes = new BinaryMessageEncoder<GenericData.Record>(SpecificData.get(), newer).encode(rec).array();

    h.rawBytes.pipeInput(Events.CHANNEL, bytes);

    DeadLetter d = h.dlq.readValue();
    assertThat(d.getReason()).startsWith("deserialization:").contains("unknown writer schema for RawEvent")
        .contains(String.format("%016x", SchemaNormalization.parsingFingerprint64(newer)));
    assertThat(d.getValue().array()).isEqualTo(bytes);
    assertThat(h.updates.isEmpty()).isTrue();
  }
}
