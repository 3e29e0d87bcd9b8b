package io.mmpipe.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.schemas.avro.Post;
import io.mmpipe.schemas.avro.PostPayload;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.Reaction;
import io.mmpipe.schemas.avro.ReactionPayload;
import io.mmpipe.schemas.avro.Source;
import io.mmpipe.sim.SimChange;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The keys that pair a simulator change, a raw record and an update must agree. */
class EventKeysTest {

  private static RawEvent raw(String type, Object payload) {
    return RawEvent.newBuilder().setSource(Source.WEBSOCKET).setEventType(type).setChannelId("c")
        .setObservedAt(1).setServerId("s").setIngestorId("i").setPayload(payload).build();
  }

  private static PostPayload post(String id, long editAt) {
    return new PostPayload(Post.newBuilder().setId(id).setChannelId("c").setEditAt(editAt).build(), null, null,
        null, null, null);
  }

  @Test
  void shouldPairSimulatorChangesWithTheirWebSocketEvents() {
    assertThat(IngestBench.changeKey(new SimChange("reply_created", "p1", "c", "u", null, 5)))
        .isEqualTo(IngestBench.changeKey(raw("posted", post("p1", 0))));
    assertThat(IngestBench.changeKey(new SimChange("post_edited", "p1", "c", "u", null, 5)))
        .isEqualTo(IngestBench.changeKey(raw("post_edited", post("p1", 5))));
    assertThat(IngestBench.changeKey(new SimChange("post_deleted", "p1", "c", "u", null, 5)))
        .isEqualTo(IngestBench.changeKey(raw("post_deleted", post("p1", 0))));
    Reaction r = Reaction.newBuilder().setPostId("p1").setUserId("u").setEmojiName("tada").build();
    assertThat(IngestBench.changeKey(new SimChange("reaction_removed", "p1", "c", "u", "tada", 5)))
        .isEqualTo(IngestBench.changeKey(raw("reaction_removed", new ReactionPayload(r))))
        .isNotEqualTo(IngestBench.changeKey(raw("reaction_added", new ReactionPayload(r))));
    assertThat(IngestBench.changeKey(raw("typing", post("p1", 0)))).isNull();
  }

  @Test
  void shouldDeriveTheProcessorsEventIdsForPostChanges() {
    assertThat(ProcessorBench.eventId(raw("posted", post("p1", 0)))).isEqualTo("post_p1");
    assertThat(ProcessorBench.eventId(raw("post_edited", post("p1", 42)))).isEqualTo("post_p1_edited_42");
    assertThat(ProcessorBench.eventId(raw("post_deleted", post("p1", 0)))).isEqualTo("post_p1_deleted");
    assertThat(ProcessorBench.eventId(raw("polled_post", post("p1", 0)))).isNull();
  }

  @Test
  void shouldMakeHalfTheMixPollCopiesWithUniqueWebSocketPosts() {
    RawEventMix mix = new RawEventMix(5, "t1");
    int poll = 0;
    Set<String> created = new HashSet<>();
    int n = 10_000;
    for (int i = 0; i < n; i++) {
      RawEvent e = mix.next(1_000_000L + i).value();
      if (e.getSource() == Source.POLL) {
        poll++;
      } else if (e.getEventType().equals("posted")) {
        String id = ((PostPayload) e.getPayload()).getPost().getId();
        assertThat(created.add(id)).as("post id %s reused", id).isTrue();
        assertThat(id).hasSize(26);
      }
      assertThat(e.getObservedAt()).isEqualTo(1_000_000L + i);
    }
    // every change has exactly one polled copy, held back a bounded number of records
    assertThat(poll).isBetween(n / 2 - 70, n / 2);
    assertThat(created).hasSizeGreaterThan(n / 5);
  }
}
