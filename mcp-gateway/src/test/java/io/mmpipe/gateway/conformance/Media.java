package io.mmpipe.gateway.conformance;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/** Minimal media for the conformance fixtures: a 1x1 red PNG and a short silent WAV. */
final class Media {

  static final String PNG_BASE64 =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";
  static final String WAV_BASE64 = Base64.getEncoder().encodeToString(silentWav(800));

  private Media() {}

  /** 8 kHz, 16-bit mono PCM, {@code samples} zero samples. */
  private static byte[] silentWav(int samples) {
    int data = samples * 2;
    ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    h.put("RIFF".getBytes()).putInt(36 + data).put("WAVE".getBytes());
    h.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(8000).putInt(16000)
        .putShort((short) 2).putShort((short) 16);
    h.put("data".getBytes()).putInt(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(h.array());
    out.writeBytes(new byte[data]);
    return out.toByteArray();
  }
}
