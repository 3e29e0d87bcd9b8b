package io.mmpipe.devstack.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.schemas.avro.Post;
import io.mmpipe.schemas.avro.PostPayload;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.Reaction;
import io.mmpipe.schemas.avro.ReactionPayload;
import io.mmpipe.schemas.avro.ReactionSnapshotPayload;
import io.mmpipe.schemas.avro.Source;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The keys the reference app matches records by. */
class E2eKeysTest {

  @Test
  void shouldGiveTheWebSocketAndThePolledCopyOfEveryChangeTheSameReferenceKey() {
    RawEventMix mix = new RawEventMix(5, "t");
    List<RawEvent> events = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      events.add(mix.next(1_000 + i).value());
    }
    Map<Source, Integer> keyed = new HashMap<>();
    Map<String, Integer> copies = new HashMap<>();
    for (RawEvent e : events) {
      String key = ReferenceApp.changeKey(e);
      assertThat(key).isNotNull();
      keyed.merge(e.getSource(), 1, Integer::sum);
      copies.merge(key, 1, Integer::sum);
    }
    // half the records are second copies: the reference app drops those and nothing else (a few changes near the
    // end have their polled copy not yet emitted)
    long twice = copies.values().stream().filter(n -> n == 2).count();
    assertThat(copies.values()).allMatch(n -> n <= 2);
    assertThat(twice * 2).isGreaterThan(events.size() * 9L / 10);
    assertThat(keyed.get(Source.WEBSOCKET) - keyed.get(Source.POLL)).isBetween(0, 100);
  }

  @Test
  void shouldKeyNothingWithoutAPostOrReaction() {
    RawEvent typing = RawEvent.newBuilder().setSource(Source.WEBSOCKET).setEventType("typing").setChannelId("c")
        .setTeamId("t").setObservedAt(1).setServerId("s").setIngestorId("i")
        .setPayload(new io.mmpipe.schemas.avro.TypingPayload("u", null)).build();
    assertThat(ReferenceApp.changeKey(typing)).isNull();
    Post p = Post.newBuilder().setId("p1").setChannelId("c").setUserId("u").setRootId("").setMessage("m")
        .setCreateAt(1).setUpdateAt(7).build();
    assertThat(ReferenceApp.changeKey(RawEvent.newBuilder(typing).setPayload(new PostPayload(p, "t", null, null,
        null, null)).build())).isEqualTo("p1:7");
    Reaction r = Reaction.newBuilder().setPostId("p1").setUserId("u").setEmojiName("e").setCreateAt(9)
        .setUpdateAt(9).setChannelId("c").build();
    assertThat(ReferenceApp.changeKey(RawEvent.newBuilder(typing).setPayload(new ReactionPayload(r)).build()))
        .isEqualTo("p1:9");
    assertThat(ReferenceApp.changeKey(RawEvent.newBuilder(typing).setPayload(ReactionSnapshotPayload.newBuilder()
        .setPostId("p1").setPostUpdateAt(9).setReactions(List.of(r)).build()).build())).isEqualTo("p1:9");
  }
}
