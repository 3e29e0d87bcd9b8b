package io.mmpipe.ingestor.events;

/** A WebSocket frame that is not a Mattermost event or action reply; the reason goes to the dead-letter topic. */
public final class FrameParseException extends Exception {
  public FrameParseException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
