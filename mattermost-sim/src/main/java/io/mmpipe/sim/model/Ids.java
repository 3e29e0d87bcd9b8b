package io.mmpipe.sim.model;

import java.util.Random;

/**
 * Mattermost-shaped ids: 16 random bytes written in base32 with Mattermost's lowercase alphabet, 26 characters.
 * Seeded, so a simulator started with the same seed hands out the same ids.
 */
public final class Ids {

  /** The alphabet Mattermost's NewId uses (a lowercase base32 variant). */
  static final String ALPHABET = "ybndrfg8ejkmcpqxot1uwisza345h769";

  private final Random random;

  public Ids(long seed) {
    this.random = new Random(seed);
  }

  public synchronized String next() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    return encode(b);
  }

  /** Base32 without padding: 128 bits give 25 full groups of 5 bits plus 3 bits, so 26 characters. */
  static String encode(byte[] bytes) {
    StringBuilder sb = new StringBuilder(26);
    int buffer = 0;
    int bits = 0;
    for (byte x : bytes) {
      buffer = (buffer << 8) | (x & 0xff);
      bits += 8;
      while (bits >= 5) {
        sb.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    if (bits > 0) {
      sb.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
    }
    return sb.toString();
  }

  public static boolean looksLikeId(String s) {
    if (s == null || s.length() != 26) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (ALPHABET.indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }
}
