package io.mmpipe.streams;

import static io.mmpipe.streams.Events.CHANNEL;
import static io.mmpipe.streams.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.schemas.avro.ChannelCursor;
import io.mmpipe.schemas.avro.GenericPayload;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.schemas.json.ResourceUpdateJson;
import io.mmpipe.streams.cursors.CursorProcessor;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Cursors, status, membership and typing. */
class OtherTopologyTest {

  private final Harness h = new Harness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void shouldAdvanceChannelCursorsOnlyUpward() {
    h.pipe(Events.posted(Events.post("p1", T0 + 100).build()));
    h.emitCursors();
    h.pipe(Events.polled(Events.post("p0", T0 + 50).build(), T0 + 200)); // older post polled later
    h.emitCursors();
    h.pipe(Events.posted(Events.post("p1", T0 + 100).build())); // repeat
    h.emitCursors();
    h.pipe(Events.ws("post_edited", Events.postPayload(Events.post("p1", T0 + 100).setEditAt(T0 + 300)
        .setUpdateAt(T0 + 300).build()), T0 + 301));
    h.emitCursors();

    List<TestRecord<String, ChannelCursor>> out = h.cursors.readRecordsToList();
    assertThat(out).extracting(r -> r.value().getLastUpdateAt()).containsExactly(T0 + 100, T0 + 300);
    assertThat(out).extracting(TestRecord::key).containsOnly(CHANNEL);
    assertThat(out.get(1).value().getLastPostId()).isEqualTo("p1");
    assertThat(out.get(1).value().getChannelId()).isEqualTo(CHANNEL);
  }

  @Test
  void shouldKeepCursorsPerChannel() {
    h.pipe(Events.posted(Events.post("p1", T0 + 100).build()));
    h.pipe("ch2", Events.posted(Events.post("p2", T0 + 50).setChannelId("ch2").build()));
    h.emitCursors();
    assertThat(h.cursors.readKeyValuesToMap()).containsOnlyKeys(CHANNEL, "ch2");
  }

  @Test
  void shouldWriteEachChannelsCursorAtMostOncePerIntervalWithItsLatestValue() {
    for (int i = 0; i < 50; i++) {
      h.pipe(Events.posted(Events.post("p" + i, T0 + 100 + i).build()));
      h.pipe("ch2", Events.posted(Events.post("q" + i, T0 + 200 + i).setChannelId("ch2").build()));
    }
    assertThat(h.cursors.isEmpty()).as("nothing before the interval has passed").isTrue();
    assertThat(h.section(CursorProcessor.CURSORS).get("ch2"))
        .as("pending in the store, so a restart still writes it")
        .satisfies(s -> assertThat(s.pending()).isTrue())
        .satisfies(s -> assertThat(s.cursor().getLastUpdateAt()).isEqualTo(T0 + 249));
    h.emitCursors();
    assertThat(h.cursors.readKeyValuesToMap()).hasSize(2)
        .hasEntrySatisfying(CHANNEL, c -> assertThat(c.getLastUpdateAt()).isEqualTo(T0 + 149))
        .hasEntrySatisfying("ch2", c -> assertThat(c.getLastUpdateAt()).isEqualTo(T0 + 249));
    assertThat(h.section(CursorProcessor.CURSORS).get("ch2").pending()).as("written").isFalse();
    h.emitCursors();
    assertThat(h.cursors.isEmpty()).as("no advance, no write").isTrue();
  }

  @Test
  void shouldExamineABoundedNumberOfCursorsPerRunAndResumeWhereTheLastRunStopped() {
    int channels = CursorProcessor.EMIT_PER_RUN + 5;
    for (int i = 0; i < channels; i++) {
      String channel = String.format("ch%05d", i);
      h.pipe(channel, Events.posted(Events.post("p" + i, T0 + i).setChannelId(channel).build()));
    }
    h.emitCursors();
    assertThat(h.cursors.readKeyValuesToMap()).as("one run").hasSize(CursorProcessor.EMIT_PER_RUN);
    h.emitCursors();
    assertThat(h.cursors.readKeyValuesToMap()).as("the next run: the rest").hasSize(5)
        .containsKey(String.format("ch%05d", channels - 1));
    h.emitCursors();
    assertThat(h.cursors.isEmpty()).as("a whole pass without an advance writes nothing").isTrue();
  }

  @Test
  void shouldEmitStatusChangesKeyedByUserNumberedByStateAndDropRepeats() {
    h.pipe("user:u1", Events.status("u1", "away", T0));
    h.pipe("user:u1", Events.at(Events.status("u1", "away", T0 + 60_000), 2)); // no change: already away
    h.pipe("user:u1", Events.at(Events.status("u1", "online", T0 + 70_000), 3));
    List<TestRecord<String, ResourceUpdate>> out = h.updates.readRecordsToList();
    assertThat(out).extracting(r -> r.value().getEventId())
        .containsExactly("status_u1_away_1", "status_u1_online_2");
    assertThat(out).extracting(TestRecord::key).containsOnly("user:u1");
    JsonNode data = ResourceUpdateJson.read(out.get(0).value().getDataJson());
    assertThat(data.get("user_id").asText()).isEqualTo("u1");
    assertThat(data.get("status").asText()).isEqualTo("away");
    assertThat(out.get(0).value().getResourceUri()).isEqualTo("mattermost://user_status");
    assertThat(out.get(0).value().getUpdateType()).isEqualTo("status_changed");
    assertThat(out.get(0).value().getTimestamp()).isEqualTo(T0 / 1000.0);
  }

  @Test
  void shouldEmitMembershipChanges() {
    h.pipe(Events.membership("user_added", "u2", T0));
    h.pipe(Events.at(Events.membership("user_removed", "u2", T0 + 5), 2));
    h.pipe(Events.at(Events.membership("user_added", "u2", T0 + 9), 3));
    List<ResourceUpdate> out = h.updates();
    assertThat(out).extracting(ResourceUpdate::getEventId).containsExactly("member_" + CHANNEL + "_u2_added_1",
        "member_" + CHANNEL + "_u2_removed_2", "member_" + CHANNEL + "_u2_added_3");
    assertThat(out).extracting(ResourceUpdate::getUpdateType)
        .containsExactly("member_added", "member_removed", "member_added");
    JsonNode data = ResourceUpdateJson.read(out.get(0).getDataJson());
    assertThat(data.get("user_id").asText()).isEqualTo("u2");
    assertThat(data.get("channel_id").asText()).isEqualTo(CHANNEL);
    assertThat(data.get("team_id").asText()).isEqualTo(Events.TEAM);
    assertThat(out.get(0).getResourceUri()).isEqualTo("mattermost://channel_membership");
  }

  @Test
  void shouldEmitEveryTypingEventOfOneIngestor() {
    h.pipe(Events.typing("u3", "root1", T0));
    h.pipe(Events.at(Events.typing("u3", "root1", T0 + 1), 2L)); // the next typing event of the same user
    List<ResourceUpdate> out = h.updates();
    assertThat(out).extracting(ResourceUpdate::getEventId)
        .containsExactly("typing_" + CHANNEL + "_u3_1", "typing_" + CHANNEL + "_u3_2");
    JsonNode data = ResourceUpdateJson.read(out.get(0).getDataJson());
    assertThat(data.get("user_id").asText()).isEqualTo("u3");
    assertThat(data.get("channel_id").asText()).isEqualTo(CHANNEL);
    assertThat(data.get("parent_id").asText()).isEqualTo("root1");
    assertThat(out.get(0).getResourceUri()).isEqualTo("mattermost://typing");
  }

  @Test
  void shouldPassACatchUpGapOnToEveryPostResourceOfItsChannelOnce() {
    String json = "{\"channel_id\":\"" + CHANNEL + "\",\"from\":100,\"to\":200,\"posts_created_before\":50,"
        + "\"deletions_hidden\":false,\"reason\":\"changes to posts created before 50 may be missing\"}";
    h.pipe(Events.poll("gap", GenericPayload.newBuilder().setDataJson(json).build(), T0));
    h.pipe(Events.poll("gap", GenericPayload.newBuilder().setDataJson(json).build(),
        T0 + 5)); // the same window reported again
    List<TestRecord<String, ResourceUpdate>> out = h.updates.readRecordsToList();
    assertThat(out).extracting(r -> r.value().getEventId()).containsExactly(
        "gap_" + CHANNEL + "_100_200_posts", "gap_" + CHANNEL + "_100_200_changes",
        "gap_" + CHANNEL + "_100_200_reactions");
    assertThat(out).extracting(TestRecord::key).containsOnly(CHANNEL);
    assertThat(out).extracting(r -> r.value().getResourceUri()).containsExactly("mattermost://new_channel_posts",
        "mattermost://post_changes", "mattermost://reactions");
    assertThat(out).extracting(r -> r.value().getUpdateType()).containsOnly("gap");
    assertThat(out.get(0).value().getChannelId()).isEqualTo(CHANNEL);
    assertThat(out.get(0).value().getTimestamp()).isEqualTo(0.2);
    JsonNode data = ResourceUpdateJson.read(out.get(0).value().getDataJson());
    assertThat(data.get("from").asLong()).isEqualTo(100);
    assertThat(data.get("to").asLong()).isEqualTo(200);
    assertThat(data.get("reason").asText()).contains("may be missing");
  }

  @Test
  void shouldSendAnUnusableGapToTheDlqWithoutAnUpdate() {
    for (String bad : List.of("not json", "{\"from\":1,\"to\":2}",
        "{\"channel_id\":\"" + CHANNEL + "\",\"from\":5,\"to\":2}")) {
      h.pipe(Events.poll("gap", GenericPayload.newBuilder().setDataJson(bad).build(), T0));
    }
    assertThat(h.dlq.readValuesToList()).extracting(d -> d.getReason())
        .satisfiesExactly(r -> assertThat(r).contains("not a JSON object"), r -> assertThat(r).contains("channel_id"),
            r -> assertThat(r).contains("from <= to"));
    assertThat(h.updates.isEmpty()).isTrue();
  }

  @Test
  void shouldReplaceAReplayedFrameByNothing() {
    h.pipe(Events.typing("u3", "", T0));
    h.pipe(Events.typing("u3", "", T0 + 40)); // the same connection and seq read again after a reconnect
    assertThat(h.ids()).containsExactly("typing_" + CHANNEL + "_u3_1");
  }
}
