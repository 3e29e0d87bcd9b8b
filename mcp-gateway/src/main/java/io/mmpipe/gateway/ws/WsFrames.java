package io.mmpipe.gateway.ws;

import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Utf8StringBuilder;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.exception.BadPayloadException;
import org.eclipse.jetty.websocket.core.exception.MessageTooLargeException;

/**
 * The frames of one {@code /ws} connection, on Jetty's core WebSocket API: text frames are joined into messages of
 * at most {@code maxMessageBytes} (a larger one closes the connection with 1009, invalid UTF-8 with 1007), binary
 * messages are counted and dropped, pings are answered. One frame is read at a time: the next is asked for only after
 * this one was handled, so a command that waits (a subscribe, a send to a slow client) holds back this connection's
 * input and no other's.
 *
 * <p>Not Jetty's own {@code Session} API: its frame handler keeps the upgrade response, whose headers view keeps the
 * HTTP request, its connection, parser and servlet objects reachable for the life of the WebSocket, about half of
 * what an idle connection cost. This one holds the core session and the listener only.
 */
final class WsFrames implements FrameHandler {

  /** What the connection's owner is told, on Jetty's threads, one event at a time. */
  interface Listener {
    void opened(CoreSession session) throws InterruptedException;

    void text(String message) throws InterruptedException;

    void binary() throws InterruptedException;

    /** The connection ended (closed, failed or timed out); called once. */
    void ended();
  }

  private final Listener listener;
  private final int maxMessageBytes;
  private final AtomicBoolean ended = new AtomicBoolean();
  private CoreSession session;
  private Utf8StringBuilder text; // while a text message is incomplete
  private long binaryBytes = -1; // while a binary message is incomplete

  WsFrames(Listener listener, int maxMessageBytes) {
    this.listener = listener;
    this.maxMessageBytes = maxMessageBytes;
  }

  @Override
  public void onOpen(CoreSession coreSession, Callback callback) {
    this.session = coreSession;
    coreSession.setMaxFrameSize(maxMessageBytes); // one larger frame: Jetty's parser closes with 1009
    try {
      listener.opened(coreSession);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    callback.succeeded();
    coreSession.demand();
  }

  @Override
  public void onFrame(Frame frame, Callback callback) {
    try {
      switch (frame.getOpCode()) {
        case OpCode.TEXT -> text(frame, callback);
        case OpCode.BINARY -> binary(frame, callback);
        case OpCode.CONTINUATION -> {
          if (text != null) {
            text(frame, callback);
          } else {
            binary(frame, callback);
          }
        }
        case OpCode.PING -> session.sendFrame(new Frame(OpCode.PONG, true, frame.getPayload()),
            Callback.from(session::demand, callback), false);
        case OpCode.CLOSE -> callback.succeeded(); // Jetty answers the close handshake
        default -> { // pongs
          callback.succeeded();
          session.demand();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      callback.failed(e);
    }
  }

  private void text(Frame frame, Callback callback) throws InterruptedException {
    if (text == null) {
      text = new Utf8StringBuilder();
    }
    if (text.length() + frame.getPayloadLength() > maxMessageBytes) { // chars <= bytes: a bound either way
      text = null;
      callback.failed(new MessageTooLargeException("a message is at most " + maxMessageBytes + " bytes"));
      return;
    }
    if (frame.hasPayload()) {
      text.append(frame.getPayload());
    }
    if (!frame.isFin()) {
      callback.succeeded();
      session.demand();
      return;
    }
    Utf8StringBuilder whole = text;
    text = null;
    String message;
    try {
      message = whole.takeCompleteString(BadPayloadException.InvalidUtf8::new);
    } catch (BadPayloadException e) {
      callback.failed(e);
      return;
    }
    listener.text(message);
    callback.succeeded();
    session.demand();
  }

  private void binary(Frame frame, Callback callback) throws InterruptedException {
    binaryBytes = Math.max(binaryBytes, 0) + frame.getPayloadLength();
    if (binaryBytes > maxMessageBytes) {
      binaryBytes = -1;
      callback.failed(new MessageTooLargeException("a message is at most " + maxMessageBytes + " bytes"));
      return;
    }
    if (frame.isFin()) {
      binaryBytes = -1;
      listener.binary();
    }
    callback.succeeded();
    session.demand();
  }

  @Override
  public void onError(Throwable cause, Callback callback) {
    end();
    callback.succeeded();
  }

  @Override
  public void onClosed(CloseStatus closeStatus, Callback callback) {
    end();
    callback.succeeded();
  }

  private void end() {
    if (ended.compareAndSet(false, true)) {
      listener.ended();
    }
  }
}
