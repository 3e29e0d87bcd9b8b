package io.mmpipe.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmpipe.schemas.avro.ChannelCursor;
import io.mmpipe.schemas.avro.Post;
import io.mmpipe.schemas.avro.PostPayload;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.Source;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  private final AvroSerde<RawEvent> serde = AvroSerde.of(RawEvent.class);

  @Test
  void shouldRoundTripRawEventWithSingleObjectEncoding() {
    RawEvent event = RawEvent.newBuilder()
        .setSource(Source.WEBSOCKET).setEventType("posted").setChannelId("c1").setObservedAt(1L)
        .setServerId("http://mm").setIngestorId("i1").setConnectionId("conn").setSeq(7L)
        .setPayload(PostPayload.newBuilder()
            .setPost(Post.newBuilder().setId("p1").setChannelId("c1").setMessage("héllo").build()).build())
        .build();
    byte[] bytes = serde.serialize("t", event);
    // single-object encoding marker C3 01, then the 8-byte fingerprint
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(serde.deserialize("t", bytes)).isEqualTo(event);
  }

  @Test
  void shouldRejectBytesThatAreNotAvroWithAClearReason() {
    assertThatThrownBy(() -> serde.deserialize("mm.events.raw", "{\"event\":\"posted\"}".getBytes(
        StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not a RawEvent")
        .hasMessageContaining("mm.events.raw");
  }

  @Test
  void shouldRejectAKnownHeaderWithACutBodyWithAClearReason() {
    RawEvent event = RawEvent.newBuilder()
        .setSource(Source.WEBSOCKET).setEventType("posted").setChannelId("c1").setObservedAt(1L)
        .setServerId("http://mm").setIngestorId("i1")
        .setPayload(PostPayload.newBuilder()
            .setPost(Post.newBuilder().setId("p1").setChannelId("c1").setMessage("hello").build()).build())
        .build();
    byte[] bytes = serde.serialize("t", event);
    byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length / 2);
    assertThatThrownBy(() -> serde.deserialize("mm.events.raw", cut))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not a RawEvent")
        .hasMessageContaining("mm.events.raw");
  }

  @Test
  void shouldRejectARecordOfAnotherTypeBecauseTheFingerprintDiffers() {
    byte[] cursor = AvroSerde.of(ChannelCursor.class).serialize("t",
        ChannelCursor.newBuilder().setChannelId("c").setLastUpdateAt(1).build());
    assertThatThrownBy(() -> serde.deserialize("t", cursor)).isInstanceOf(SerializationException.class);
  }

  @Test
  void shouldReadRecordsWrittenWithAnOlderSchemaOnceItIsRegistered() throws Exception {
    // An older ChannelCursor without the fields added later (last_post_id, updated_at).
    Schema old = SchemaBuilder.record("ChannelCursor").namespace("io.mmpipe.schemas.avro").fields()
        .requiredString("channel_id").requiredLong("last_update_at").endRecord();
    GenericData.Record rec = new GenericData.Record(old);
    rec.put("channel_id", "c9");
    rec.put("last_update_at", 99L);
    byte[] bytes = new BinaryMessageEncoder<GenericData.Record>(GenericData.get(), old).encode(rec).array();

    assertThatThrownBy(() -> AvroSerde.of(ChannelCursor.class, SchemaHistory.of()).deserialize("t", bytes))
        .isInstanceOf(SerializationException.class);
    ChannelCursor read = AvroSerde.of(ChannelCursor.class, SchemaHistory.of(old)).deserialize("t", bytes);
    assertThat(read.getChannelId()).isEqualTo("c9");
    assertThat(read.getLastUpdateAt()).isEqualTo(99L);
    assertThat(read.getLastPostId()).isEmpty();
  }

  @Test
  void shouldNameTheUnknownFingerprintOfARecordFromANewerWriter() throws Exception {
    // a newer ChannelCursor with a field this version has never seen: its fingerprint is in no history we ship
    Schema newer = SchemaBuilder.record("ChannelCursor").namespace("io.mmpipe.schemas.avro").fields()
        .requiredString("channel_id").requiredLong("last_update_at").optionalString("from_the_future").endRecord();
    GenericData.Record rec = new GenericData.Record(newer);
    rec.put("channel_id", "c9");
    rec.put("last_update_at", 99L);
    byte[] bytes = new BinaryMessageEncoder<GenericData.Record>(GenericData.get(), newer).encode(rec).array();

    assertThatThrownBy(() -> AvroSerde.of(ChannelCursor.class).deserialize("mm.channel-cursors", bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("unknown writer schema for ChannelCursor on topic mm.channel-cursors")
        .hasMessageContaining(String.format("%016x", SchemaNormalization.parsingFingerprint64(newer)))
        .hasMessageContaining("not in the schema history");
  }

  @Test
  void shouldPassNullThroughForTombstones() {
    assertThat(serde.serialize("t", null)).isNull();
    assertThat(serde.deserialize("t", null)).isNull();
  }
}
