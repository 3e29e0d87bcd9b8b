package io.mmpipe.streams.reactions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.Reaction;
import io.mmpipe.schemas.avro.ReactionPayload;
import io.mmpipe.schemas.avro.ReactionSnapshotPayload;
import io.mmpipe.streams.metrics.ProcessorMetrics;
import io.mmpipe.streams.state.IncrementalExpiry;
import io.mmpipe.streams.state.StateSection;
import io.mmpipe.streams.updates.Candidate;
import io.mmpipe.streams.updates.MattermostJsonWriter;
import io.mmpipe.streams.updates.Updates;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Keeps each post's reaction set (store {@value #STORE}, keyed by post id; a post's reactions arrive under its
 * channel key, so they all live in this task) and turns WebSocket events and polled snapshots into changes.
 */
public final class ReactionProcessor implements Processor<String, RawEvent, String, Candidate> {

  /** Post id → its reactions (section of the shared store, StateSection). */
  public static final StateSection.Kind<ReactionSet> SETS =
      new StateSection.Kind<>("reaction-sets", 'r', new ReactionSetSerde());

  private final Duration retention;
  private final ProcessorMetrics metrics;
  private ProcessorContext<String, Candidate> context;
  private StateSection<ReactionSet> sets;

  /**
   * @param retention how long a post's set is kept after its last change (ProcessorTopology.stateRetention): at
   *                  least the dedupe retention, since a forgotten set restarts its reactions' change counters
   */
  public ReactionProcessor(Duration retention, ProcessorMetrics metrics) {
    this.retention = retention;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Candidate> context) {
    this.context = context;
    this.sets = StateSection.open(context, SETS);
    IncrementalExpiry.schedule(context, sets, ReactionSet::touchedAt, ReactionSet::touched, retention, metrics);
  }

  @Override
  public void process(Record<String, RawEvent> record) {
    RawEvent e = record.value();
    String postId;
    ReactionRules.Outcome outcome;
    ReactionSet before;
    ReactionSet stored; // read once: every read of the store decodes the set
    if (e.getPayload() instanceof ReactionSnapshotPayload snap) {
      postId = snap.getPostId();
      stored = sets.get(postId);
      before = stored == null ? ReactionSet.empty() : stored;
      outcome = ReactionRules.snapshot(before, postId, snap.getReactions(), snap.getPostUpdateAt(),
          e.getObservedAt() - retention.toMillis());
    } else {
      Reaction r = ((ReactionPayload) e.getPayload()).getReaction();
      postId = r.getPostId();
      boolean added = "reaction_added".equals(e.getEventType());
      long mattermostAt = added ? Math.max(r.getCreateAt(), r.getUpdateAt())
          : Math.max(r.getDeleteAt(), r.getUpdateAt());
      stored = sets.get(postId);
      before = stored == null ? ReactionSet.empty() : stored;
      outcome = ReactionRules.event(before, r, added, Updates.timeOr(mattermostAt, e), mattermostAt > 0);
    }
    // A post the processor knows nothing of, and whose snapshot changes no reaction (every polled post without
    // reactions), gets no entry: the store holds only posts with reactions. A known post's entry is rewritten when a
    // reaction or its snapshotAt moved (the latter keeps older snapshots, polled late, from undoing newer truth); a
    // snapshot that moves neither (the same post polled again) costs no write.
    boolean known = stored != null;
    if (!outcome.next().equals(before) && (known || !outcome.next().reactions().equals(before.reactions()))) {
      sets.put(postId, outcome.next().touched(e.getObservedAt()));
    }
    for (ReactionRules.Change c : outcome.changes()) {
      context.forward(record.withValue(update(record.key(), e, c)));
    }
  }

  private static Candidate update(String key, RawEvent e, ReactionRules.Change c) {
    Reaction r = c.reaction();
    String channel = r.getChannelId() != null ? r.getChannelId() : e.getChannelId() != null ? e.getChannelId() : key;
    String change = c.added() ? "added" : "removed";
    String id = "reaction_" + r.getPostId() + "_" + r.getUserId() + "_" + r.getEmojiName() + "_" + change + "_"
        + c.n();
    return Updates.update(id, Updates.REACTIONS, "reaction_" + change, Updates.tree(() -> {
      ObjectNode reaction = MattermostJsonWriter.reaction(r);
      reaction.put("channel_id", channel);
      ObjectNode d = Updates.object();
      d.set("reaction", reaction);
      d.put("post_id", r.getPostId()).put("user_id", r.getUserId()).put("emoji_name", r.getEmojiName())
          .put("channel_id", channel);
      return d;
    }), c.at(), channel, e.getTeamId(), r.getUserId(), e);
  }
}
