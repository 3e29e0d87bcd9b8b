package io.mmpipe.testkit;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * WebSocket frames on a bare socket (RFC 6455), for test clients that must do what the JDK client never does: not
 * answer pings, read only when told, send fragments or invalid UTF-8.
 */
public final class WsWire {

  /** One frame as read: {@code opcode} 0 continuation, 1 text, 2 binary, 8 close, 9 ping, 10 pong. */
  public record Frame(int opcode, boolean fin, byte[] payload) {

    public String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** A close frame's status code (1005 when it carries none). */
    public int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
    }
  }

  private WsWire() {}

  /** Reads the next frame of any kind (a server's frames are not masked). */
  public static Frame read(DataInputStream in) throws IOException {
    int b0 = in.readUnsignedByte();
    int b1 = in.readUnsignedByte();
    long len = b1 & 0x7f;
    if (len == 126) {
      len = in.readUnsignedShort();
    } else if (len == 127) {
      len = in.readLong();
    }
    byte[] payload = new byte[(int) len];
    in.readFully(payload);
    return new Frame(b0 & 0x0f, (b0 & 0x80) != 0, payload);
  }

  /** A client's frame of at most 64 KiB, masked with the zero key (clients must mask; any key will do). */
  public static byte[] masked(int opcode, boolean fin, byte[] payload) {
    if (payload.length > 0xffff) {
      throw new IllegalArgumentException("at most 64 KiB a frame here");
    }
    ByteArrayOutputStream f = new ByteArrayOutputStream(payload.length + 8);
    f.write((fin ? 0x80 : 0) | opcode);
    if (payload.length < 126) {
      f.write(0x80 | payload.length);
    } else {
      f.write(0x80 | 126);
      f.write(payload.length >> 8);
      f.write(payload.length);
    }
    f.writeBytes(new byte[4]);
    f.writeBytes(payload);
    return f.toByteArray();
  }
}
