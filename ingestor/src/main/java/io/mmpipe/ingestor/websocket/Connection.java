package io.mmpipe.ingestor.websocket;

import java.net.URI;
import java.util.Map;
import java.util.function.Consumer;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ServerHandshake;

/**
 * One WebSocket connection. Its reader thread only timestamps frames and queues them: parsing, seq checks and
 * producing happen on the control thread, so the socket is read at full speed (a slow reader is what makes
 * Mattermost drop typing/status events and then the whole connection). The queue is bounded by
 * {@link Intake#awaitFrameRoom()}: when the control thread falls that far behind, the reader waits and TCP pushes back.
 */
final class Connection extends WebSocketClient {

  private final long gen;
  private final Consumer<Signal> signals;
  private final Intake intake;

  Connection(URI uri, String bearer, long gen, int connectTimeoutMs, Consumer<Signal> signals, Intake intake) {
    super(uri, new Draft_6455(), Map.of("Authorization", "Bearer " + bearer), connectTimeoutMs);
    this.gen = gen;
    this.signals = signals;
    this.intake = intake;
    // Our ping action decides liveness; the library still answers the server's ping frames with pongs.
    setConnectionLostTimeout(0);
  }

  @Override
  public void onOpen(ServerHandshake handshake) {
    signals.accept(new Signal.Opened(gen));
  }

  @Override
  public void onMessage(String message) {
    frame(message);
  }

  /** Queues a frame once there is room; the control thread gives the permit back when it has handled it. */
  private void frame(String text) {
    try {
      intake.awaitFrameRoom();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    signals.accept(new Signal.Frame(gen, text, System.currentTimeMillis()));
  }

  @Override
  public void onMessage(java.nio.ByteBuffer bytes) {
    // Mattermost sends text frames only; a binary one is garbage for the dead-letter topic
    byte[] b = new byte[bytes.remaining()];
    bytes.get(b);
    frame(new String(b, java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public void onClose(int code, String reason, boolean remote) {
    signals.accept(new Signal.Closed(gen, code, reason, remote));
  }

  @Override
  public void onError(Exception ex) {
    // onClose follows every error that ends the connection; nothing to do here
  }
}
