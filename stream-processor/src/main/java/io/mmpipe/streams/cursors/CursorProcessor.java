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
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * Per channel, the highest post update_at seen from any source. Written to the compacted cursor topic only when it
 * advanced, at most once per {@link #EMIT_INTERVAL}, so a replay or a lagging second ingestor never moves an
 * ingestor's restart point backwards.
 */
public final class CursorProcessor implements Processor<String, RawEvent, String, ChannelCursor> {

  /** Channel id → its cursor (section of the shared store, StateSection). */
  public static final StateSection.Kind<ChannelCursor> CURSORS =
      new StateSection.Kind<>("channel-cursors", 'c', new ChannelCursorSerde());

  private final ProcessorMetrics metrics;
  private ProcessorContext<String, ChannelCursor> context;
  /**
   * Advanced cursors not yet written to the cursor topic, one per channel (a section of the shared store, so that an
   * advance committed with its input survives a crash and is written after the restart).
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
  /** Pending cursors written per run at most (the rest wait for the next run). */
  public static final int EMIT_PER_RUN = 10_000;

  private StateSection<ChannelCursor> cursors;
  private StateSection<ChannelCursor> pending;

  public CursorProcessor(ProcessorMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, ChannelCursor> context) {
    this.context = context;
    this.cursors = StateSection.open(context, CURSORS);
    this.pending = StateSection.openShared(context, PENDING);
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
    ChannelCursor current = cursors.get(channel);
    if (current != null && current.getLastUpdateAt() >= updateAt) {
      return;
    }
    ChannelCursor next = ChannelCursor.newBuilder().setChannelId(channel).setLastUpdateAt(updateAt)
        .setLastPostId(p.getId()).setUpdatedAt(System.currentTimeMillis()).build();
    byte[] encoded = cursors.encode(next); // one encoding for both sections (same serde class)
    cursors.putEncoded(channel, encoded);
    pending.putEncoded(channel, encoded);
  }

  private void emit(long now) {
    List<KeyValue<String, ChannelCursor>> due = new ArrayList<>();
    try (KeyValueIterator<String, ChannelCursor> it = pending.from(null)) {
      while (it.hasNext() && due.size() < EMIT_PER_RUN) {
        due.add(it.next());
      }
    }
    for (KeyValue<String, ChannelCursor> kv : due) {
      context.forward(new Record<>(kv.key, kv.value, now));
      pending.delete(kv.key);
    }
  }
}
