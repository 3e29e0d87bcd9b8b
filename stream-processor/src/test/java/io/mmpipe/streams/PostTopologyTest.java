package io.mmpipe.streams;

import static io.mmpipe.streams.Events.CHANNEL;
import static io.mmpipe.streams.Events.T0;
import static io.mmpipe.streams.Events.TEAM;
import static io.mmpipe.streams.Events.USER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.schemas.avro.Post;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.schemas.avro.Source;
import io.mmpipe.schemas.json.ResourceUpdateJson;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PostTopologyTest {

  private final Harness h = new Harness();

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void shouldEmitOneCreatedUpdateForWebSocketAndPollingCopiesOfOnePost() {
    Post p = Events.post("p1", T0).build();
    h.pipe(Events.posted(p));
    h.pipe(Events.polled(p, T0 + 30_000));
    // a second ingestor's WebSocket copy on another connection
    h.pipe(Events.raw(Source.WEBSOCKET, "posted", Events.postPayload(p), T0 + 9, "conn-2", 7L));

    List<ResourceUpdate> out = h.updates();
    assertThat(out).extracting(ResourceUpdate::getEventId).containsExactly("post_p1");
    assertThat(out.get(0).getUpdateType()).isEqualTo("created");
    assertThat(out.get(0).getResourceUri()).isEqualTo("mattermost://new_channel_posts");
    assertThat(h.metrics.duplicatesDropped()).isEqualTo(2.0);
  }

  @Test
  void shouldNeverCollapseDifferentPosts() {
    h.pipe(Events.posted(Events.post("p1", T0).build()));
    h.pipe(Events.posted(Events.post("p2", T0).build()));
    assertThat(h.ids()).containsExactly("post_p1", "post_p2");
  }

  @Test
  void shouldWriteDataWithPostAsJsonObjectAndRequiredFields() {
    Post p = Events.post("p1", T0 + 123).setPropsJson("{\"from_bot\":\"true\",\"attachments\":[]}").build();
    h.pipe(Events.posted(p));
    ResourceUpdate u = h.updates().get(0);

    JsonNode json = ResourceUpdateJson.read(ResourceUpdateJson.write(u));
    assertThat(json.get("resource_uri").asText()).isEqualTo("mattermost://new_channel_posts");
    assertThat(json.get("update_type").asText()).isEqualTo("created");
    assertThat(json.get("event_id").asText()).isEqualTo("post_p1");
    assertThat(json.get("timestamp").decimalValue()).isEqualByComparingTo("1767225600.123");
    JsonNode data = json.get("data");
    assertThat(data.get("post").isObject()).isTrue();
    assertThat(data.get("post").get("id").asText()).isEqualTo("p1");
    assertThat(data.get("post").get("message").asText()).isEqualTo("Hello world!");
    assertThat(data.get("post").get("create_at").asLong()).isEqualTo(T0 + 123);
    assertThat(data.get("post").get("props").isObject()).isTrue();
    assertThat(data.get("post").get("props").get("from_bot").asText()).isEqualTo("true");
    assertThat(data.get("channel_id").asText()).isEqualTo(CHANNEL);
    assertThat(data.get("user_id").asText()).isEqualTo(USER);
    assertThat(data.get("team_id").asText()).isEqualTo(TEAM);
    assertThat(u.getObservedAt()).isEqualTo(T0 + 128);
    assertThat(u.getChannelId()).isEqualTo(CHANNEL);
    assertThat(u.getTeamId()).isEqualTo(TEAM);
    assertThat(u.getUserId()).isEqualTo(USER);
  }

  @Test
  void shouldIdentifyEditsByEditAtSoEachEditIsOneUpdate() {
    Post p = Events.post("p1", T0).build();
    h.pipe(Events.posted(p));
    Post edit1 = Events.post("p1", T0).setMessage("v2").setEditAt(T0 + 1000).setUpdateAt(T0 + 1000).build();
    Post edit2 = Events.post("p1", T0).setMessage("v3").setEditAt(T0 + 2000).setUpdateAt(T0 + 2000).build();
    h.pipe(Events.ws("post_edited", Events.postPayload(edit1), T0 + 1001));
    h.pipe(Events.polled(edit1, T0 + 1500)); // polled copy of the same edit
    h.pipe(Events.ws("post_edited", Events.postPayload(edit2), T0 + 2001));

    List<ResourceUpdate> out = h.updates();
    assertThat(out).extracting(ResourceUpdate::getEventId)
        .containsExactly("post_p1", "post_p1_edited_" + (T0 + 1000), "post_p1_edited_" + (T0 + 2000));
    assertThat(out.get(1).getResourceUri()).isEqualTo("mattermost://post_changes");
    assertThat(out.get(1).getUpdateType()).isEqualTo("edited");
    assertThat(ResourceUpdateJson.read(out.get(2).getDataJson()).get("post").get("message").asText())
        .isEqualTo("v3");
    assertThat(out.get(2).getTimestamp()).isEqualTo((T0 + 2000) / 1000.0);
  }

  @Test
  void shouldReportCreatedAndEditedWhenPollingFindsAnEditedPostItNeverSaw() {
    Post p = Events.post("p9", T0).setEditAt(T0 + 500).setUpdateAt(T0 + 500).build();
    h.pipe(Events.polled(p, T0 + 60_000));
    assertThat(h.ids()).containsExactly("post_p9", "post_p9_edited_" + (T0 + 500));
  }

  @Test
  void shouldReportWhatACatchUpFindsAfterAnOutageAsLongAsTheIngestorsHorizonWithTheDefaultRetention() {
    // the ingestor walks back as far as its catch-up horizon; with the default retention the processor must not take
    // a post created and edited at the start of so long an outage for one delivered before it
    // (7 days: IngestorConfig.DEFAULT_CATCH_UP_HORIZON; e2e RetentionCoversHorizonTest ties the two defaults)
    long outage = Duration.ofDays(7).toMillis();
    try (Harness defaults = new Harness(ProcessorConfig.DEFAULT_DEDUPE_RETENTION)) {
      Post p = Events.post("during", T0).setEditAt(T0 + 1000).setUpdateAt(T0 + 1000).build();
      defaults.pipe(Events.polled(p, T0 + outage));
      assertThat(defaults.ids()).containsExactly("post_during", "post_during_edited_" + (T0 + 1000));
    }
  }

  @Test
  void shouldNotReportPolledPostsOlderThanTheDedupeRetention() {
    try (Harness shortMemory = new Harness(Duration.ofMinutes(10))) {
      Post old = Events.post("old", T0).build();
      shortMemory.pipe(Events.polled(old, T0 + Duration.ofMinutes(11).toMillis()));
      Post recent = Events.post("new", T0 + Duration.ofMinutes(5).toMillis()).build();
      shortMemory.pipe(Events.polled(recent, T0 + Duration.ofMinutes(11).toMillis()));
      assertThat(shortMemory.ids()).containsExactly("post_new");
    }
  }

  @Test
  void shouldReportPolledPostsAndEditsExactlyAtTheDedupeRetention() {
    try (Harness shortMemory = new Harness(Duration.ofMinutes(10))) {
      long at = T0 + Duration.ofMinutes(10).toMillis();
      Post p = Events.post("edge", T0).setEditAt(T0).setUpdateAt(T0).build();
      shortMemory.pipe(Events.polled(p, at));
      Post q = Events.post("edge2", T0 - 1).setEditAt(T0 - 1).setUpdateAt(T0 - 1).build();
      shortMemory.pipe(Events.polled(q, at));
      assertThat(shortMemory.ids()).containsExactly("post_edge", "post_edge_edited_" + T0);
    }
  }

  @Test
  void shouldWriteTheChannelFieldsOfACreatedPostAndWhoDeletedAPost() {
    Post p = Events.post("p1", T0).setFileIds(List.of("f1")).build();
    h.pipe(Events.posted(p));
    List<ResourceUpdate> created = h.updates();
    JsonNode data = ResourceUpdateJson.read(created.get(0).getDataJson());
    assertThat(data.get("channel_type").asText()).isEqualTo("O");
    assertThat(data.get("channel_name").asText()).isEqualTo("town-square");
    assertThat(data.get("sender_name").asText()).isEqualTo("@alice");
    assertThat(ResourceUpdateJson.read(created.get(1).getDataJson()).get("team_id").asText()).isEqualTo(TEAM);

    var payload = Events.postPayload(Events.post("p1", T0).build());
    payload.setDeletedBy("admin1");
    h.pipe(Events.ws("post_deleted", payload, T0 + 100));
    JsonNode deleted = ResourceUpdateJson.read(h.updates().get(0).getDataJson());
    assertThat(deleted.get("deleted_by").asText()).isEqualTo("admin1");

    var bare = Events.postPayload(Events.post("p2", T0).build());
    bare.setChannelType(null);
    bare.setTeamId(null);
    RawEvent noTeam = Events.posted(bare.getPost());
    noTeam.setPayload(bare);
    h.pipe(noTeam);
    JsonNode fromEvent = ResourceUpdateJson.read(h.updates().get(0).getDataJson());
    assertThat(fromEvent.has("channel_type")).isFalse();
    assertThat(fromEvent.get("team_id").asText()).as("the event's team").isEqualTo(TEAM);
    Post p3 = Events.post("p3", T0).build();
    var none = Events.postPayload(p3);
    none.setTeamId(null);
    noTeam = Events.posted(p3);
    noTeam.setPayload(none);
    noTeam.setTeamId(null);
    h.pipe(noTeam);
    assertThat(ResourceUpdateJson.read(h.updates().get(0).getDataJson()).get("team_id").asText()).isEmpty();
  }

  @Test
  void shouldNotReportADeletedReplyAgainWhenItsRootIsDeletedAfterTheDedupeRetention() {
    try (Harness shortMemory = new Harness(Duration.ofMinutes(10))) {
      shortMemory.pipe(Events.posted(Events.post("root", T0).build()));
      shortMemory.pipe(Events.posted(Events.post("r1", T0 + 10).setRootId("root").build()));
      shortMemory.pipe(Events.ws("post_deleted", Events.postPayload(
          Events.post("r1", T0 + 10).setRootId("root").build()), T0 + 100));
      long later = T0 + Duration.ofHours(1).toMillis();
      shortMemory.pipe(Events.ws("post_deleted", Events.postPayload(Events.post("root", T0).build()), later));
      assertThat(shortMemory.ids()).containsExactly("post_root", "post_r1", "post_r1_deleted",
          "post_root_deleted");
    }
  }

  @Test
  void shouldIgnoreEditHistoryRows() {
    Post history = Events.post("hist1", T0).setOriginalId("p1").setEditAt(T0 + 10).build();
    h.pipe(Events.polled(history, T0 + 20));
    assertThat(h.updates()).isEmpty();
    assertThat(h.dlq.isEmpty()).isTrue();
    h.emitCursors();
    assertThat(h.cursors.isEmpty()).isTrue();
  }

  @Test
  void shouldReportDeletedRootAndEveryKnownReply() {
    h.pipe(Events.posted(Events.post("root", T0).build()));
    h.pipe(Events.posted(Events.post("r1", T0 + 10).setRootId("root").setUserId("bob").build()));
    h.pipe(Events.polled(Events.post("r2", T0 + 20).setRootId("root").build(), T0 + 30));
    h.pipe(Events.posted(Events.post("other", T0 + 30).setRootId("another-root").build()));
    h.updates();

    Post deleted = Events.post("root", T0).setDeleteAt(T0 + 5000).setUpdateAt(T0 + 5000).build();
    h.pipe(Events.ws("post_deleted", Events.postPayload(deleted), T0 + 5001));
    h.pipe(Events.polled(deleted, T0 + 6000)); // the polled copy of the same deletion

    List<ResourceUpdate> out = h.updates();
    assertThat(out).extracting(ResourceUpdate::getEventId)
        .containsExactly("post_root_deleted", "post_r1_deleted", "post_r2_deleted");
    assertThat(out).allSatisfy(u -> {
      assertThat(u.getUpdateType()).isEqualTo("deleted");
      assertThat(u.getResourceUri()).isEqualTo("mattermost://post_changes");
    });
    JsonNode reply = ResourceUpdateJson.read(out.get(1).getDataJson());
    assertThat(reply.get("post").get("id").asText()).isEqualTo("r1");
    assertThat(reply.get("post").get("root_id").asText()).isEqualTo("root");
    assertThat(reply.get("user_id").asText()).isEqualTo("bob");
    assertThat(reply.get("team_id").asText()).isEqualTo(TEAM);
  }

  @Test
  void shouldReportOnlyDeletedWhenPollingFindsADeletedPost() {
    Post p = Events.post("gone", T0).setDeleteAt(T0 + 50).setUpdateAt(T0 + 50).build();
    h.pipe(Events.polled(p, T0 + 100));
    List<ResourceUpdate> out = h.updates();
    assertThat(out).extracting(ResourceUpdate::getEventId).containsExactly("post_gone_deleted");
    assertThat(out.get(0).getTimestamp()).isEqualTo((T0 + 50) / 1000.0);
    assertThat(ResourceUpdateJson.read(out.get(0).getDataJson()).get("post").get("delete_at").asLong())
        .isEqualTo(T0 + 50);
  }

  @Test
  void shouldNotReportADeletionAgainWhenItsPostIsPolledAfterTheDedupeRetention() {
    try (Harness shortMemory = new Harness(Duration.ofMinutes(10))) {
      shortMemory.pipe(Events.posted(Events.post("root", T0).build()));
      shortMemory.pipe(Events.posted(Events.post("r1", T0 + 10).setRootId("root").build()));
      Post root = Events.post("root", T0).setDeleteAt(T0 + 100).setUpdateAt(T0 + 100).build();
      shortMemory.pipe(Events.ws("post_deleted", Events.postPayload(Events.post("root", T0).build()), T0 + 101));
      // an hour later (dedupe forgot both ids): a restart with a long lookback polls both deleted posts again
      long later = T0 + Duration.ofHours(1).toMillis();
      shortMemory.pipe(Events.polled(root, later));
      shortMemory.pipe(Events.polled(Events.post("r1", T0 + 10).setRootId("root").setDeleteAt(T0 + 100)
          .setUpdateAt(T0 + 100).build(), later + 1));
      assertThat(shortMemory.ids()).containsExactly("post_root", "post_r1", "post_root_deleted", "post_r1_deleted");
    }
  }

  @Test
  void shouldNotReportAPolledDeletionOlderThanTheStateRetention() {
    long now = T0 + Duration.ofDays(31).toMillis();
    h.pipe(Events.polled(Events.post("ancient", T0).setDeleteAt(T0 + 5).setUpdateAt(T0 + 5).build(), now));
    h.pipe(Events.polled(Events.post("recent", T0).setDeleteAt(now - Duration.ofDays(29).toMillis())
        .setUpdateAt(now - Duration.ofDays(29).toMillis()).build(), now));
    long edge = now - Duration.ofDays(30).toMillis();
    h.pipe(Events.polled(Events.post("edge", T0).setDeleteAt(edge).setUpdateAt(edge).build(), now));
    assertThat(h.ids()).containsExactly("post_recent_deleted", "post_edge_deleted");
  }

  @Test
  void shouldNotReportAReplyTwiceWhenItWasDeletedBeforeItsRoot() {
    h.pipe(Events.posted(Events.post("root", T0).build()));
    h.pipe(Events.posted(Events.post("r1", T0 + 10).setRootId("root").build()));
    h.pipe(Events.posted(Events.post("r2", T0 + 11).setRootId("root").build()));
    h.pipe(Events.ws("post_deleted", Events.postPayload(
        Events.post("r1", T0 + 10).setRootId("root").setDeleteAt(T0 + 100).build()), T0 + 101));
    h.pipe(Events.ws("post_deleted", Events.postPayload(
        Events.post("root", T0).setDeleteAt(T0 + 200).build()), T0 + 201));
    assertThat(h.ids()).containsExactly("post_root", "post_r1", "post_r2", "post_r1_deleted",
        "post_root_deleted", "post_r2_deleted");
  }

  @Test
  void shouldEmitOneFileAttachedPerFileOfACreatedPost() {
    Post p = Events.post("p1", T0).setFileIds(List.of("f1", "f2"))
        .setFiles(List.of(Events.file("f1", "a.png"), Events.file("f2", "b.png"))).build();
    h.pipe(Events.posted(p));
    h.pipe(Events.polled(p, T0 + 100));
    List<ResourceUpdate> out = h.updates();
    assertThat(out).extracting(ResourceUpdate::getEventId).containsExactly("post_p1", "file_p1_f1", "file_p1_f2");
    JsonNode data = ResourceUpdateJson.read(out.get(1).getDataJson());
    assertThat(out.get(1).getResourceUri()).isEqualTo("mattermost://files");
    assertThat(out.get(1).getUpdateType()).isEqualTo("file_attached");
    assertThat(data.get("post_id").asText()).isEqualTo("p1");
    assertThat(data.get("channel_id").asText()).isEqualTo(CHANNEL);
    assertThat(data.get("user_id").asText()).isEqualTo(USER);
    assertThat(data.get("file").get("id").asText()).isEqualTo("f1");
    assertThat(data.get("file").get("name").asText()).isEqualTo("a.png");
    assertThat(data.get("file").get("mime_type").asText()).isEqualTo("image/png");
    assertThat(data.get("file").get("size").asLong()).isEqualTo(1234);
  }

  @Test
  void shouldRecogniseADuplicateThatArrivesWithAnEarlierTimestamp() {
    Post p = Events.post("p1", T0).build();
    RawEvent late = Events.polled(p, T0 + 60_000);
    h.pipe(late);
    h.pipe(Events.posted(p)); // the WebSocket copy, observed earlier but delivered later
    assertThat(h.ids()).containsExactly("post_p1");
  }
}
