package io.mmpipe.streams.cursors;

import io.mmpipe.schemas.avro.ChannelCursor;
import io.mmpipe.schemas.avro.Post;
import io.mmpipe.schemas.avro.PostPayload;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.streams.metrics.ProcessorMetrics;
import io.mmpipe.streams.state.IncrementalExpiry;
import io.mmpipe.streams.state.StateSection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Per channel, the highest post update_at seen from any source. Written to the compacted cursor topic only when it
 * advanced, at most once per {@link #EMIT_INTERVAL}, so a replay or a lagging second ingestor never moves an
 * ingestor's restart point backwards.
 */
public final class CursorProcessor implements Processor<String, RawEvent, String, ChannelCursor> {

  /**
   * Channel id → its cursor and whether it advanced since it was written (section of the shared store,
   * StateSection): one entry per channel, so that an advance committed with its input survives a crash and is
   * written after the restart, at the cost of one store write per advance.
   */
  public static final StateSection.Kind<CursorState> CURSORS =
      new StateSection.Kind<>("channel-cursors", 'c', new CursorStateSerde());
  /**
   * Advanced cursors not yet written to the cursor topic, as the previous version kept them (a second entry per
   * channel): never written now, drained by the first emit runs after an upgrade so none of them is lost.
   */
  public static final StateSection.Kind<ChannelCursor> PENDING =
      new StateSection.Kind<>("pending-channel-cursors", 'p', new ChannelCursorSerde());
  /**
   * How often advanced cursors are written: a channel's cursor at most once per interval, so that most transactions
   * write no cursor partition (under exactly-once each partition a transaction writes costs the broker a round and a
   * marker) and a busy channel writes one cursor a second instead of one per post. An ingestor restarting from a
   * cursor this much older polls this much again; dedupe drops what it had already written.
   */
  public static final Duration EMIT_INTERVAL = Duration.ofSeconds(1);
  /**
   * Cursors examined per emit run at most (the next run resumes where this one stopped): a punctuation runs on the
   * stream thread, so a task with more channels than this covers them over several intervals.
   */
  public static final int EMIT_PER_RUN = 10_000;

  private final ProcessorMetrics metrics;
  private ProcessorContext<String, ChannelCursor> context;
  private StateSection<CursorState> cursors;
  private StateSection<ChannelCursor> pending;
  private boolean pendingDrained; // the previous version's pending entries are all written
  private String resumeAt; // where the next emit run continues; null = the first channel

  public CursorProcessor(ProcessorMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, ChannelCursor> context) {
    this.context = context;
    this.cursors = StateSection.open(context, CURSORS);
    this.pending = StateSection.openShared(context, PENDING);
    this.pendingDrained = false;
    this.resumeAt = null;
    context.schedule(EMIT_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::emit);
    // cursors never expire (one per channel): the walk only migrates legacy entries and counts the section
    IncrementalExpiry.schedule(context, cursors, c -> Long.MAX_VALUE, (c, now) -> c, Duration.ofDays(36500),
        metrics);
  }

  @Override
  public void process(Record<String, RawEvent> record) {
    if (!(record.value().getPayload() instanceof PostPayload payload)) {
      return;
    }
    Post p = payload.getPost();
    if (!p.getOriginalId().isEmpty()) {
      return; // edit-history rows are not the channel's latest change
    }
    long updateAt = Math.max(p.getUpdateAt(), Math.max(p.getCreateAt(), Math.max(p.getEditAt(), p.getDeleteAt())));
    String channel = p.getChannelId();
    CursorState current = cursors.get(channel);
    if (current != null && current.cursor().getLastUpdateAt() >= updateAt) {
      return;
    }
    cursors.put(channel, new CursorState(
        new ChannelCursor(channel, updateAt, p.getId(), System.currentTimeMillis()), true));
  }

  private void emit(long now) {
    if (!pendingDrained) {
      pendingDrained = drainPrevious(now);
    }
    List<KeyValue<String, CursorState>> slice = new ArrayList<>();
    String next = cursors.slice(resumeAt, EMIT_PER_RUN, slice);
    List<KeyValue<String, CursorState>> due = slice.stream().filter(kv -> kv.value.pending()).toList();
    resumeAt = next;
    for (KeyValue<String, CursorState> kv : due) {
      context.forward(new Record<>(kv.key, kv.value.cursor(), now));
      cursors.put(kv.key, new CursorState(kv.value.cursor(), false));
    }
  }

  /** Writes and deletes the pending entries the previous version left; returns whether none is left. */
  private boolean drainPrevious(long now) {
    List<KeyValue<String, ChannelCursor>> due = new ArrayList<>();
    boolean more = pending.slice(null, EMIT_PER_RUN, due) != null;
    for (KeyValue<String, ChannelCursor> kv : due) {
      context.forward(new Record<>(kv.key, kv.value, now));
      pending.delete(kv.key);
    }
    return !more;
  }
}
