package io.mmpipe.gateway.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.testkit.WsWire;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A WebSocket client on a bare socket with a tiny receive buffer, for the slow-client test: the JDK client's socket
 * auto-tunes its receive window up to tens of megabytes, which would hide a stalled reader for a long while. This one
 * reads only when the test asks, so the server's writes back up after a few megabytes.
 */
final class RawWsClient implements AutoCloseable {

  /** A message from the server: a text payload, or a close with its code. */
  record Frame(int opcode, String text, int closeCode) {
    JsonNode json() throws IOException {
      return WsClient.JSON.readTree(text);
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final String handshake;

  RawWsClient(int port) throws IOException {
    socket = new Socket();
    socket.setReceiveBufferSize(8 * 1024); // before connect: fixes the advertised window, no auto-tuning
    socket.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
    socket.setSoTimeout(60_000);
    out = socket.getOutputStream();
    in = new DataInputStream(socket.getInputStream());
    String key = Base64.getEncoder().encodeToString("mmpipe-slow-test".getBytes(StandardCharsets.US_ASCII));
    out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed during the handshake: " + head);
      }
      head.append((char) b);
    }
    if (!head.toString().startsWith("HTTP/1.1 101")) {
      throw new IOException("upgrade refused: " + head);
    }
    handshake = head.toString();
  }

  /** The server's answer to the upgrade: status line and headers. */
  String handshake() {
    return handshake;
  }

  /** Sends one masked text frame (the zero mask: clients must mask, any key will do). */
  void send(String text) throws IOException {
    sendFrame(1, true, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends one masked frame of any kind: {@code opcode} 0 continuation, 1 text, 2 binary, 9 ping (at most 64 KiB). */
  void sendFrame(int opcode, boolean fin, byte[] payload) throws IOException {
    out.write(WsWire.masked(opcode, fin, payload));
    out.flush();
  }

  /**
   * Reads the next data or close frame. Pings are skipped, not answered: this client writes nothing after its
   * command, so the server never closes with unread input (which would reset the connection and lose what the
   * client has not read yet).
   */
  Frame read() throws IOException {
    while (true) {
      Frame f = next();
      if (f.opcode() == 1 || f.opcode() == 8) {
        return f;
      }
    }
  }

  /** Reads the next frame of any kind: text (1), close (8), ping (9), pong (10); pings are not answered. */
  Frame next() throws IOException {
    WsWire.Frame f = WsWire.read(in);
    return f.opcode() == 8 ? new Frame(8, null, f.closeCode()) : new Frame(f.opcode(), f.text(), 0);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
