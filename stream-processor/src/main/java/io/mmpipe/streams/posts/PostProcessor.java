package io.mmpipe.streams.posts;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.schemas.avro.FileInfo;
import io.mmpipe.schemas.avro.Post;
import io.mmpipe.schemas.avro.PostPayload;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.streams.metrics.ProcessorMetrics;
import io.mmpipe.streams.state.IncrementalExpiry;
import io.mmpipe.streams.state.StateSection;
import io.mmpipe.streams.updates.Candidate;
import io.mmpipe.streams.updates.MattermostJsonWriter;
import io.mmpipe.streams.updates.Updates;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Posts: created / edited / deleted updates with the ids of docs/contracts.md, file_attached per file, and the
 * thread store (root id → known replies) that lets a deleted root report its replies. Duplicates are NOT removed
 * here: every candidate goes to the dedupe stage, which is the one place that decides "seen".
 */
public final class PostProcessor implements Processor<String, RawEvent, String, Candidate> {

  /** Root id → known replies (section of the shared store, StateSection). */
  public static final StateSection.Kind<PostThread> THREADS =
      new StateSection.Kind<>("post-threads", 't', new PostThreadSerde());
  /** Post id → when its deletion was reported. */
  public static final StateSection.Kind<Long> DELETIONS =
      new StateSection.Kind<>("deleted-posts", 'd', Serdes.Long());
  /**
   * The least time threads and reported deletions are kept (ProcessorTopology.stateRetention): a thread with no new
   * reply for this long is forgotten (deleting such a root then reports only the root), and so is a deletion.
   */
  public static final Duration THREAD_RETENTION = Duration.ofDays(30);

  private final long retentionMs;
  private final Duration stateRetention;
  private final ProcessorMetrics metrics;
  private ProcessorContext<String, Candidate> context;
  private StateSection<PostThread> threads;
  private StateSection<Long> deletions;

  /**
   * @param stateRetention how long threads and reported deletions are kept; at least the dedupe retention, since a
   *                       deleted post polled again after the dedupe stage forgot its id is recognised only here
   */
  public PostProcessor(Duration dedupeRetention, Duration stateRetention, ProcessorMetrics metrics) {
    this.retentionMs = dedupeRetention.toMillis();
    this.stateRetention = stateRetention;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Candidate> context) {
    this.context = context;
    this.threads = StateSection.open(context, THREADS);
    this.deletions = StateSection.open(context, DELETIONS);
    IncrementalExpiry.schedule(context, threads, PostThread::lastReplyAt,
        (t, now) -> new PostThread(t.replies(), now), stateRetention, metrics);
    IncrementalExpiry.schedule(context, deletions, (Long at) -> at, (at, now) -> now, stateRetention, metrics);
  }

  @Override
  public void process(Record<String, RawEvent> record) {
    RawEvent e = record.value();
    PostPayload payload = (PostPayload) e.getPayload();
    Post p = payload.getPost();
    if (!p.getOriginalId().isEmpty()) {
      return; // an edit-history row: a copy of an older version, not a change
    }
    List<Candidate> out = new ArrayList<>();
    boolean deleted = "post_deleted".equals(e.getEventType()) || p.getDeleteAt() > 0;
    switch (e.getEventType()) {
      case "posted" -> created(e, payload, out);
      case "post_edited" -> out.add(edited(e, payload));
      case "post_deleted" -> deleted(e, payload, out, false);
      default -> { // polled_post: the state of the post now, possibly covering several changes we missed
        if (deleted) {
          deleted(e, payload, out, true);
        } else {
          // older posts were either delivered already or predate us (and would be forgotten by dedupe anyway)
          if (e.getObservedAt() - p.getCreateAt() <= retentionMs) {
            created(e, payload, out);
          }
          if (p.getEditAt() > 0 && e.getObservedAt() - p.getEditAt() <= retentionMs) {
            out.add(edited(e, payload));
          }
        }
      }
    }
    if (!deleted && !p.getRootId().isEmpty()) {
      PostThread t = threads.get(p.getRootId());
      PostThread next = (t == null ? PostThread.empty() : t).with(p.getId(), p.getUserId(), e.getObservedAt());
      if (next != t) {
        threads.put(p.getRootId(), next);
      }
    }
    for (Candidate u : out) {
      context.forward(record.withValue(u));
    }
  }

  // The bodies below are suppliers: they run only for candidates the dedupe stage lets through (Candidate).

  private void created(RawEvent e, PostPayload payload, List<Candidate> out) {
    Post p = payload.getPost();
    String team = team(e, payload);
    long at = Updates.timeOr(p.getCreateAt(), e);
    out.add(Updates.update("post_" + p.getId(), Updates.NEW_CHANNEL_POSTS, "created", g -> {
      startBase(g, p, team);
      optional(g, "channel_type", payload.getChannelType());
      optional(g, "channel_name", payload.getChannelName());
      optional(g, "sender_name", payload.getSenderName());
      g.writeEndObject();
    }, at, p.getChannelId(), team, p.getUserId(), e));
    for (FileInfo f : files(p)) {
      out.add(Updates.update("file_" + p.getId() + "_" + f.getId(), Updates.FILES, "file_attached", g -> {
        g.writeStartObject();
        g.writeStringField("post_id", p.getId());
        g.writeStringField("channel_id", p.getChannelId());
        g.writeStringField("user_id", p.getUserId());
        g.writeStringField("team_id", team);
        g.writeFieldName("file");
        MattermostJsonWriter.writeFile(g, f, p);
        g.writeEndObject();
      }, at, p.getChannelId(), team, p.getUserId(), e));
    }
  }

  private Candidate edited(RawEvent e, PostPayload payload) {
    Post p = payload.getPost();
    String team = team(e, payload);
    return Updates.update("post_" + p.getId() + "_edited_" + p.getEditAt(), Updates.POST_CHANGES, "edited",
        g -> {
          startBase(g, p, team);
          g.writeEndObject();
        }, Updates.timeOr(p.getEditAt(), e), p.getChannelId(), team,
        p.getUserId(), e);
  }

  private void deleted(RawEvent e, PostPayload payload, List<Candidate> out, boolean polled) {
    Post p = payload.getPost();
    String team = team(e, payload);
    long at = Updates.timeOr(p.getDeleteAt(), e);
    if (deletions.get(p.getId()) != null) {
      return; // reported already: a copy, possibly from after the dedupe stage forgot the id
    }
    if (polled && e.getObservedAt() - at > stateRetention.toMillis()) {
      return; // deleted before anything we remember: reported long ago, or before we started
    }
    deletions.put(p.getId(), e.getObservedAt());
    out.add(Updates.update("post_" + p.getId() + "_deleted", Updates.POST_CHANGES, "deleted", g -> {
      startBase(g, p, team);
      optional(g, "deleted_by", payload.getDeletedBy());
      g.writeEndObject();
    }, at, p.getChannelId(), team, p.getUserId(), e));
    if (p.getRootId().isEmpty()) {
      // Mattermost deletes a root's replies with it but sends one event; subscribers need one per reply.
      PostThread t = threads.delete(p.getId());
      if (t != null) {
        for (PostThread.Reply r : t.replies()) {
          Updates.Body body = Updates.tree(() -> {
            ObjectNode post = Updates.object().put("id", r.id()).put("channel_id", p.getChannelId())
                .put("root_id", p.getId()).put("user_id", r.userId()).put("delete_at", at);
            ObjectNode d = Updates.object();
            d.set("post", post);
            d.put("channel_id", p.getChannelId()).put("user_id", r.userId()).put("team_id", team)
                .put("deleted_with_root", p.getId());
            return d;
          });
          out.add(Updates.update("post_" + r.id() + "_deleted", Updates.POST_CHANGES, "deleted", body, at,
              p.getChannelId(), team, r.userId(), e));
          deletions.put(r.id(), e.getObservedAt()); // the reply's own polled copy comes later
        }
      }
    } else {
      PostThread t = threads.get(p.getRootId());
      if (t != null) {
        threads.put(p.getRootId(), t.without(p.getId()));
      }
    }
  }

  /** Opens the body and writes what every post update carries; the caller adds its fields and closes it. */
  private static void startBase(JsonGenerator g, Post p, String team) throws IOException {
    g.writeStartObject();
    g.writeFieldName("post");
    MattermostJsonWriter.writePost(g, p);
    g.writeStringField("channel_id", p.getChannelId());
    g.writeStringField("user_id", p.getUserId());
    g.writeStringField("team_id", team);
  }

  /** Files by id: metadata when the ingestor had it, the bare id otherwise. */
  private static List<FileInfo> files(Post p) {
    Map<String, FileInfo> byId = new LinkedHashMap<>();
    for (String id : p.getFileIds()) {
      byId.put(id, FileInfo.newBuilder().setId(id).build());
    }
    for (FileInfo f : p.getFiles()) {
      byId.put(f.getId(), f);
    }
    return List.copyOf(byId.values());
  }

  private static String team(RawEvent e, PostPayload payload) {
    if (payload.getTeamId() != null) {
      return payload.getTeamId();
    }
    return e.getTeamId() == null ? "" : e.getTeamId();
  }

  private static void optional(JsonGenerator g, String field, String value) throws IOException {
    if (value != null) {
      g.writeStringField(field, value);
    }
  }
}
