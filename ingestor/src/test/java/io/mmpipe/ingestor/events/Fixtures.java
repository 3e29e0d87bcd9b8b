package io.mmpipe.ingestor.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Realistic frames and REST bodies written from the protocol reference (src/test/resources). */
public final class Fixtures {

  public static final String BOT = "bq9d6nc8upgebdpt7yjrjwxksh";
  public static final String U1 = "ktz8nyb3uifp3rm9yo7tu5xw1e";
  public static final String U2 = "o4m3ryzfkbdbmjcbz8qxwr3sha";
  public static final String CH = "9zjdsc5qx3rsmgw4ar1hkc7b3r";
  public static final String TEAM = "d8hzqwkqrprn9b5gopf4oyc4ta";
  public static final String P1 = "f6z7ugyyjfyztc5qsr6rjmrwgw";
  public static final String ROOT = "pmtb6eqcdj8cxq37t5qr9r5o7e";
  public static final String DM = "dmchannel00000000000000001";

  private Fixtures() {}

  public static String read(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static MattermostEvent frame(String name) {
    try {
      return FrameParser.parse(read("frames/" + name));
    } catch (FrameParseException e) {
      throw new AssertionError("fixture " + name + " did not parse: " + e.getMessage(), e);
    }
  }
}
