package io.mmpipe.streams;

import static io.mmpipe.streams.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.schemas.avro.DeadLetter;
import io.mmpipe.schemas.avro.Post;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.ReactionPayload;
import io.mmpipe.schemas.avro.StatusPayload;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ValidationTopologyTest {

  private final Harness h = new Harness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void shouldSendBytesThatAreNotAvroToTheDlqWithOffsetAndCarryOn() {
    h.rawBytes.pipeInput(Events.CHANNEL, "{\"event\":\"posted\"}".getBytes(StandardCharsets.UTF_8));
    h.pipe(Events.posted(Events.post("p1", T0).build()));

    List<TestRecord<byte[], DeadLetter>> dead = h.dlq.readRecordsToList();
    assertThat(dead).hasSize(1);
    DeadLetter d = dead.get(0).value();
    assertThat(d.getReason()).startsWith("deserialization:").contains("RawEvent");
    assertThat(d.getComponent()).isEqualTo("stream-processor");
    assertThat(d.getSourceTopic()).isEqualTo(h.topics.rawEvents().name());
    assertThat(d.getSourcePartition()).isEqualTo(0);
    assertThat(d.getSourceOffset()).isEqualTo(0L);
    assertThat(new String(d.getValue().array(), StandardCharsets.UTF_8)).isEqualTo("{\"event\":\"posted\"}");
    assertThat(d.getErrorClass()).isNotBlank();
    assertThat(new String(dead.get(0).key(), StandardCharsets.UTF_8)).isEqualTo(Events.CHANNEL);
    assertThat(h.ids()).containsExactly("post_p1");
    assertThat(h.metrics.count("mmpipe.processor.dlq", "stage", "deserialization")).isEqualTo(1.0);
  }

  @Test
  void shouldSendAPayloadThatDoesNotFitItsEventTypeToTheDlq() {
    RawEvent wrong = Events.ws("posted", StatusPayload.newBuilder().setUserId("u").setStatus("online").build(),
        T0);
    h.pipe(wrong);
    DeadLetter d = h.dlq.readValue();
    assertThat(d.getReason()).contains("posted").contains("PostPayload").contains("StatusPayload");
    assertThat(d.getSourceOffset()).isEqualTo(0L);
    assertThat(h.topics.rawEvents().valueSerde().deserializer().deserialize("x", d.getValue().array())).isEqualTo(wrong);
    assertThat(h.updates.isEmpty()).isTrue();
  }

  @Test
  void shouldSendAPostWithoutIdToTheDlq() {
    h.pipe(Events.posted(Events.post("", T0).build()));
    assertThat(h.dlq.readValue().getReason()).contains("post without id");
    assertThat(h.updates.isEmpty()).isTrue();
    h.emitCursors();
    assertThat(h.cursors.isEmpty()).isTrue();
  }

  @Test
  void shouldSendAnUnknownEventWithATypedPayloadToTheDlq() {
    h.pipe(Events.ws("custom_plugin_thing", Events.postPayload(Events.post("p1", T0).build()), T0));
    assertThat(h.dlq.readValue().getReason()).contains("GenericPayload");
  }

  @Test
  void shouldSendAReactionWithoutEmojiToTheDlq() {
    h.pipe(Events.ws("reaction_added", ReactionPayload.newBuilder()
        .setReaction(Events.reaction("p1", "u1", "", T0)).build(), T0));
    assertThat(h.dlq.readValue().getReason()).contains("emoji_name");
  }

  @Test
  void shouldSendAnEventWithoutKeyToTheDlq() {
    h.pipe(null, Events.posted(Events.post("p1", T0).build()));
    DeadLetter d = h.dlq.readValue();
    assertThat(d.getReason()).contains("missing record key");
  }

  @Test
  void shouldRouteARecordThatMakesAProcessorThrowToTheDlqAndCarryOn() {
    Post badProps = Events.post("p1", T0).setPropsJson("{not json").build();
    h.pipe(Events.posted(badProps));
    h.pipe(Events.posted(Events.post("p2", T0).build()));
    DeadLetter d = h.dlq.readValue();
    // bodies are encoded after the dedupe decision (only non-duplicates pay for JSON), so that is where it throws
    assertThat(d.getReason()).startsWith("processing in dedupe-by-event-id").contains("props_json");
    assertThat(d.getSourceOffset()).isEqualTo(0L);
    assertThat(d.getValue()).isNotNull();
    assertThat(h.ids()).containsExactly("post_p2");
    assertThat(h.metrics.count("mmpipe.processor.dlq", "stage", "processing")).isEqualTo(1.0);
  }

  @Test
  void shouldNotRememberAnUpdateThatCouldNotBeEncodedSoAGoodCopyStillPasses() {
    h.pipe(Events.posted(Events.post("p1", T0).setPropsJson("[1]").build()));
    assertThat(h.dlq.readValue().getReason()).contains("props_json");
    h.pipe(Events.posted(Events.post("p1", T0).setPropsJson("{\"ok\":true}").build()));
    assertThat(h.ids()).containsExactly("post_p1");
  }

  @Test
  void shouldProduceNothingAndNoDeadLetterForChannelAndUnknownEvents() {
    h.pipe(Events.generic("thread_updated", "{\"thread\":{\"id\":\"t1\"}}", T0));
    h.pipe(Events.generic("custom_com.github_push", "{}", T0));
    assertThat(h.updates.isEmpty()).isTrue();
    assertThat(h.dlq.isEmpty()).isTrue();
    assertThat(h.metrics.count("mmpipe.processor.records.in", "event_type", "thread_updated")).isEqualTo(1.0);
  }
}
