package io.mmpipe.streams.cursors;

import io.mmpipe.schemas.AvroSerde;
import io.mmpipe.schemas.avro.ChannelCursor;
import io.mmpipe.schemas.avro.Post;
import io.mmpipe.schemas.avro.PostPayload;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.streams.metrics.ProcessorMetrics;
import io.mmpipe.streams.state.IncrementalExpiry;
import io.mmpipe.streams.state.StateSection;
import java.time.Duration;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Per channel, the highest post update_at seen from any source. Emitted to the compacted cursor topic only when it
 * advances, so a replay or a lagging second ingestor never moves an ingestor's restart point backwards.
 */
public final class CursorProcessor implements Processor<String, RawEvent, String, ChannelCursor> {

  /** Channel id → its cursor (section of the shared store, StateSection). */
  public static final StateSection.Kind<ChannelCursor> CURSORS =
      new StateSection.Kind<>("channel-cursors", 'c', AvroSerde.of(ChannelCursor.class));

  private final ProcessorMetrics metrics;
  private ProcessorContext<String, ChannelCursor> context;
  private StateSection<ChannelCursor> cursors;

  public CursorProcessor(ProcessorMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, ChannelCursor> context) {
    this.context = context;
    this.cursors = StateSection.open(context, CURSORS);
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
    cursors.put(channel, next);
    context.forward(new Record<>(channel, next, record.timestamp()));
  }
}
