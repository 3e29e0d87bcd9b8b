package io.mmpipe.ingestor.websocket;

import io.mmpipe.ingestor.channels.ChannelDirectory;
import io.mmpipe.ingestor.events.FrameParseException;
import io.mmpipe.ingestor.events.MattermostEvent;
import io.mmpipe.ingestor.events.MattermostEvent.*;
import io.mmpipe.ingestor.kafka.EventProducer;
import io.mmpipe.ingestor.mapping.KeyedEvent;
import io.mmpipe.ingestor.mapping.RawEventMapper;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link StreamListener} the ingestor runs: publishes events to Kafka, garbage to the DLQ, turns loss into a
 * REST catch-up and membership changes of the bot into a channel re-list. Runs on the stream's control thread, so
 * it only hands work off.
 */
public final class PublishingStreamListener implements StreamListener {

  private static final Logger log = LoggerFactory.getLogger(PublishingStreamListener.class);

  private final RawEventMapper mapper;
  private final EventProducer producer;
  private final ChannelDirectory channels;
  private final String botUserId;
  private final Runnable catchUp;
  private final AtomicBoolean refreshQueued = new AtomicBoolean();

  /** @param catchUp starts a REST catch-up of every channel (without waiting for it) */
  public PublishingStreamListener(RawEventMapper mapper, EventProducer producer, ChannelDirectory channels,
      String botUserId, Runnable catchUp) {
    this.mapper = mapper;
    this.producer = producer;
    this.channels = channels;
    this.botUserId = botUserId;
    this.catchUp = catchUp;
  }

  @Override
  public void event(MattermostEvent event, String connectionId, long observedAt) {
    if (membershipChanged(event)) {
      refreshChannels();
    }
    Optional<KeyedEvent> k = mapper.fromWebSocket(event, connectionId, observedAt);
    if (k.isEmpty()) {
      return;
    }
    String ch = k.get().event().getChannelId();
    if (ch != null && channels.fixed() && !channels.watches(ch)) {
      return; // MATTERMOST_CHANNEL_IDS means exactly these channels
    }
    producer.send(k.get());
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
  public void eventsLost(String reason) {
    log.warn("catching up every channel over REST: {}", reason);
    catchUp.run();
  }
}
