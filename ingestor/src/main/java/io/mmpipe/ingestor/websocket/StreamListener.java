package io.mmpipe.ingestor.websocket;

import io.mmpipe.ingestor.events.FrameParseException;
import io.mmpipe.ingestor.events.MattermostEvent;

/** What the WebSocket stream hands on. Called from one thread, in seq order; must not block for long. */
public interface StreamListener {

  /** An event that passed the seq check (hello and action replies are not passed on). */
  void event(MattermostEvent event, String connectionId, long observedAt);

  /** A frame that is not a Mattermost event. */
  void unparseable(String frame, FrameParseException error);

  /** The server answered a reconnect with a new connection: events were lost, catch up over REST. */
  void eventsLost(String reason);
}
