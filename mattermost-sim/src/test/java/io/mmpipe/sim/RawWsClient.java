package io.mmpipe.sim;

import io.mmpipe.testkit.WsWire;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bare-socket WebSocket client that never answers pings (the JDK client always does), to prove the server's pong
 * deadline. Reads frames on a virtual thread and notes when the server ends the TCP connection.
 */
final class RawWsClient implements AutoCloseable {

  final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
  final AtomicInteger pings = new AtomicInteger();
  final AtomicBoolean ended = new AtomicBoolean();
  private final Socket socket;

  RawWsClient(int port, String bearer) throws IOException {
    socket = new Socket("127.0.0.1", port);
    String req = "GET /api/v4/websocket HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        + "Authorization: Bearer " + bearer + "\r\n\r\n";
    socket.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed during handshake");
      }
      head.write(b);
    }
    if (!head.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101")) {
      throw new IOException("upgrade refused: " + head);
    }
    Thread.ofVirtual().start(this::readLoop);
  }

  private void readLoop() {
    try (DataInputStream in = new DataInputStream(socket.getInputStream())) {
      while (true) {
        WsWire.Frame f = WsWire.read(in);
        if (f.opcode() == 0x9) {
          pings.incrementAndGet();
        } else if (f.opcode() == 0x1) {
          texts.add(f.text());
        } else if (f.opcode() == 0x8) {
          break;
        }
      }
    } catch (IOException e) {
      // end of stream: the server dropped us
    } finally {
      ended.set(true);
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
