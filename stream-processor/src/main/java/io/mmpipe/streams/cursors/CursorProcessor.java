package io.mmpipe.streams.cursors;

import io.mmpipe.schemas.avro.ChannelCursor;
import io.mmpipe.schemas.avro.Post;
import io.mmpipe.schemas.avro.PostPayload;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.streams.metrics.ProcessorMetrics;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per channel, the highest post update_at seen from any source. Emitted to the compacted cursor topic only when it
 * advances, so a replay or a lagging second ingestor never moves an ingestor's restart point backwards.
 */
public final class CursorProcessor implements Processor<String, RawEvent, String, ChannelCursor> {

  public static final String STORE = "channel-cursors";

  private final ProcessorMetrics metrics;
  private ProcessorContext<String, ChannelCursor> context;
  private KeyValueStore<String, ChannelCursor> cursors;

  public CursorProcessor(ProcessorMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, ChannelCursor> context) {
    this.context = context;
    this.cursors = context.getStateStore(STORE);
    context.schedule(Duration.ofSeconds(30), PunctuationType.WALL_CLOCK_TIME,
        now -> metrics.storeSize(STORE, context.taskId().toString(), cursors.approximateNumEntries()));
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
