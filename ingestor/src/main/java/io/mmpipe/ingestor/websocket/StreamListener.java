package io.mmpipe.ingestor.websocket;

import io.mmpipe.ingestor.events.FrameParseException;
import io.mmpipe.ingestor.events.MattermostEvent;
import java.util.concurrent.CompletableFuture;

/** What the WebSocket stream hands on. Called from one thread, in seq order; must never block. */
public interface StreamListener {

  /**
   * An event that passed the seq check (hello and action replies are not passed on).
   *
   * @return completes when the event was taken (Kafka acknowledged it; at once when nothing is published), or null
   *     when there is no room: the stream then stops reading and hands this event on again later
   */
  CompletableFuture<Void> event(MattermostEvent event, String connectionId, long observedAt);

  /** Whether events can be taken now; while not, the stream stays paused. */
  boolean available();

  /** A frame that is not a Mattermost event. */
  void unparseable(String frame, FrameParseException error);

  /**
   * A hello: a new connection, so whatever happened before it is not on this stream (the changes made while the
   * ingestor was stopped, or since a lost connection): catch up over REST.
   *
   * @param lost true when an earlier connection of this run was lost (not the first connection)
   */
  void catchUp(String reason, boolean lost);
}
