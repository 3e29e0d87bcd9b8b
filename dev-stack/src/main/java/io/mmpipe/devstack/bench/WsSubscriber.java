package io.mmpipe.devstack.bench;

import io.mmpipe.devkit.SseClient;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The bench's WebSocket subscriber (RFC 6455), built like {@link SseClient}: one blocking socket and one virtual
 * thread, no library, so ten thousand cost little and the memory measured is the server's. It does the handshake,
 * sends text frames masked, hands each text message (fragments joined) to its listener, answers pings and closes
 * with a masked close frame. Messages longer than {@link #MAX_MESSAGE} are cut.
 */
final class WsSubscriber implements AutoCloseable {

  static final int MAX_MESSAGE = 1 << 20;
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;
  private final Consumer<String> listener;
  private final Thread reader;
  private volatile boolean ended;

  private WsSubscriber(Socket socket, DataInputStream in, Consumer<String> listener) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = in;
    this.listener = listener;
    this.reader = Thread.ofVirtual().name("ws-subscriber").start(this::read);
  }

  /**
   * Connects and completes the handshake (101 with the right {@code Sec-WebSocket-Accept}), then sends {@code
   * firstMessage} when not null.
   */
  static WsSubscriber connect(URI uri, String firstMessage, Consumer<String> listener) {
    Socket socket = new Socket();
    try {
      int port = uri.getPort() > 0 ? uri.getPort() : 80;
      socket.connect(new InetSocketAddress(uri.getHost(), port), 5_000);
      socket.setTcpNoDelay(true);
      byte[] nonce = new byte[16];
      ThreadLocalRandom.current().nextBytes(nonce);
      String key = Base64.getEncoder().encodeToString(nonce);
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      String req = "GET " + path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()) + " HTTP/1.1\r\n"
          + "Host: " + uri.getHost() + ":" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
      socket.getOutputStream().write(req.getBytes(StandardCharsets.ISO_8859_1));
      socket.setSoTimeout(10_000);
      DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 4096));
      String status = readLine(in);
      String accept = null;
      for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
        if (line.regionMatches(true, 0, "sec-websocket-accept:", 0, 21)) {
          accept = line.substring(21).trim();
        }
      }
      if (!status.startsWith("HTTP/1.1 101") || !accept(key).equals(accept)) {
        throw new IOException("no WebSocket upgrade: " + status);
      }
      socket.setSoTimeout(0);
      WsSubscriber ws = new WsSubscriber(socket, in, listener);
      if (firstMessage != null) {
        ws.send(1, firstMessage.getBytes(StandardCharsets.UTF_8));
      }
      return ws;
    } catch (IOException e) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // nothing more to do
      }
      throw new UncheckedIOException("WebSocket connect to " + uri + " failed: " + e.getMessage(), e);
    }
  }

  static String accept(String key) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
          .digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String readLine(DataInputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r' && line.size() < 8192) {
        line.write(b);
      }
    }
    if (b < 0) {
      throw new IOException("connection closed during the handshake");
    }
    return line.toString(StandardCharsets.ISO_8859_1);
  }

  private void read() {
    ByteArrayOutputStream message = new ByteArrayOutputStream(512);
    try {
      while (true) {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        int opcode = b0 & 0x0f;
        long len = b1 & 0x7f;
        if (len == 126) {
          len = in.readUnsignedShort();
        } else if (len == 127) {
          len = in.readLong();
        }
        byte[] mask = null;
        if ((b1 & 0x80) != 0) { // a server must not mask, but read it right if one does
          mask = new byte[4];
          in.readFully(mask);
        }
        if (len > MAX_MESSAGE && opcode < 8) {
          in.skipNBytes(len);
          continue;
        }
        byte[] payload = new byte[(int) len];
        in.readFully(payload);
        if (mask != null) {
          for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i & 3];
          }
        }
        switch (opcode) {
          case 0, 1 -> {
            if (message.size() + payload.length <= MAX_MESSAGE) {
              message.write(payload);
            }
            if ((b0 & 0x80) != 0) {
              listener.accept(message.toString(StandardCharsets.UTF_8));
              message.reset();
            }
          }
          case 8 -> {
            send(8, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
            return;
          }
          case 9 -> send(10, payload);
          default -> { /* pong and binary frames carry nothing for the bench */ }
        }
      }
    } catch (IOException e) {
      // closed by us or by the server
    } finally {
      ended = true;
    }
  }

  /** Sends one masked frame (FIN set). */
  synchronized void send(int opcode, byte[] payload) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
    frame.write(0x80 | opcode);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else if (payload.length < 65536) {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length);
    } else {
      frame.write(0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) payload.length >>> shift));
      }
    }
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i & 3]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  boolean ended() {
    return ended;
  }

  /** A masked close (1000), then the socket. */
  @Override
  public void close() {
    try {
      if (!ended) {
        send(8, new byte[] {0x03, (byte) 0xe8});
      }
    } catch (IOException ignored) {
      // the server is gone already
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
    reader.interrupt();
  }
}
