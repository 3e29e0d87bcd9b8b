package io.mmpipe.ingestor.websocket;

import io.mmpipe.ingestor.channels.ChannelDirectory;
import io.mmpipe.ingestor.events.FrameParseException;
import io.mmpipe.ingestor.events.MattermostEvent;
import io.mmpipe.ingestor.events.MattermostEvent.*;
import io.mmpipe.ingestor.kafka.EventProducer;
import io.mmpipe.ingestor.mapping.KeyedEvent;
import io.mmpipe.ingestor.mapping.RawEventMapper;
import io.mmpipe.schemas.avro.PostPayload;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ObjLongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link StreamListener} the ingestor runs: publishes events to Kafka, garbage to the DLQ, turns every hello
 * into a REST catch-up and membership changes of the bot into a channel re-list; a post Kafka acknowledged moves
 * its channel's poll cursor. Runs on the stream's control thread, so it only hands work off and never waits.
 */
public final class PublishingStreamListener implements StreamListener {

  private static final Logger log = LoggerFactory.getLogger(PublishingStreamListener.class);

  private final RawEventMapper mapper;
  private final EventProducer producer;
  private final ChannelDirectory channels;
  private final String botUserId;
  private final Runnable catchUp;
  private final ObjLongConsumer<String> streamed;
  private final AtomicBoolean refreshQueued = new AtomicBoolean();

  /**
   * @param catchUp  starts a REST catch-up of every channel (without waiting for it)
   * @param streamed told (channel id, post update_at) for every post Kafka acknowledged
   */
  public PublishingStreamListener(RawEventMapper mapper, EventProducer producer, ChannelDirectory channels,
      String botUserId, Runnable catchUp, ObjLongConsumer<String> streamed) {
    this.mapper = mapper;
    this.producer = producer;
    this.channels = channels;
    this.botUserId = botUserId;
    this.catchUp = catchUp;
    this.streamed = streamed;
  }

  @Override
  public CompletableFuture<Void> event(MattermostEvent event, String connectionId, long observedAt) {
    if (membershipChanged(event)) {
      refreshChannels();
    }
    Optional<KeyedEvent> k = mapper.fromWebSocket(event, connectionId, observedAt);
    if (k.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    String ch = k.get().event().getChannelId();
    if (ch != null && channels.fixed() && !channels.watches(ch)) {
      return CompletableFuture.completedFuture(null); // MATTERMOST_CHANNEL_IDS means exactly these channels
    }
    CompletableFuture<Void> taken = producer.trySend(k.get());
    if (taken != null && ch != null && k.get().event().getPayload() instanceof PostPayload p) {
      // one channel's events share a partition, so Kafka acknowledges them in order: this post and all before it
      long updateAt = p.getPost().getUpdateAt();
      taken.thenRun(() -> streamed.accept(ch, updateAt));
    }
    return taken;
  }

  @Override
  public boolean available() {
    return producer.available();
  }

  private boolean membershipChanged(MattermostEvent e) {
    return switch (e) {
      case ChannelCreated c -> true;
      case DirectAdded d -> true;
      case GroupAdded g -> true;
      case ChannelDeleted d -> true;
      case UserAdded u -> botUserId.equals(u.userId());
      case UserRemoved u -> botUserId.equals(u.userId());
      default -> false;
    };
  }

  /** Re-lists channels off the control thread; events arriving meanwhile coalesce into one re-list. */
  private void refreshChannels() {
    if (refreshQueued.compareAndSet(false, true)) {
      Thread.ofVirtual().name("channel-refresh").start(() -> {
        refreshQueued.set(false);
        try {
          channels.refresh();
        } catch (RuntimeException e) {
          log.warn("cannot re-list channels: {}", e.getMessage());
        }
      });
    }
  }

  @Override
  public void unparseable(String frame, FrameParseException error) {
    producer.deadLetter("unparseable WebSocket frame: " + error.getMessage(), frame.getBytes(StandardCharsets.UTF_8),
        error);
  }

  @Override
  public void catchUp(String reason, boolean lost) {
    if (lost) {
      log.warn("catching up every channel over REST: {}", reason);
    } else {
      log.info("catching up every channel over REST: {}", reason);
    }
    catchUp.run();
  }
}
