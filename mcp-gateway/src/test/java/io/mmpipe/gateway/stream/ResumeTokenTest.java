package io.mmpipe.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResumeTokenTest {

  private static final String TOPIC = "mm.updates";

  @Test
  void shouldRoundTripOffsetVectors() {
    long[][] vectors = {{0}, {0, 0, 0, 0, 0, 0}, {1, 127, 128, 16_384, 1L << 40, Long.MAX_VALUE}, new long[64]};
    for (long[] v : vectors) {
      String token = ResumeToken.encode(TOPIC, v);
      assertThat(ResumeToken.decode(TOPIC, token, v.length)).containsExactly(v);
    }
  }

  @Test
  void shouldWriteTheSameTokenWithOrWithoutTheMemo() {
    long[][] vectors = {{0}, {3, 1_000_000, 7}, {1, 127, 128, 16_384, 1L << 40, Long.MAX_VALUE}};
    for (int epoch : new int[] {ResumeToken.NO_EPOCH, 12_345}) {
      for (long[] v : vectors) {
        String unshared = ResumeToken.encodeUnshared(TOPIC, epoch, v);
        assertThat(unshared).isEqualTo(ResumeToken.encode(TOPIC, epoch, v));
        assertThat(ResumeToken.read(TOPIC, unshared, v.length).next()).containsExactly(v);
        assertThat(ResumeToken.read(TOPIC, unshared, v.length).epoch()).isEqualTo(epoch);
      }
    }
  }

  @Test
  void shouldBeUrlSafeAndCompact() {
    String token = ResumeToken.encode(TOPIC, new long[] {1_234_567, 2_345_678, 3_456_789, 9, 0, 77});
    assertThat(token).matches("1[A-Za-z0-9_-]+");
    assertThat(token.length()).isLessThan(40);
  }

  @Test
  void shouldReadMissingPartitionsFromZeroWhenTopicGrew() {
    String token = ResumeToken.encode(TOPIC, new long[] {5, 6});
    assertThat(ResumeToken.decode(TOPIC, token, 4)).containsExactly(5, 6, 0, 0);
  }

  @Test
  void shouldRejectTokenWithMorePartitionsThanTopic() {
    String token = ResumeToken.encode(TOPIC, new long[] {5, 6, 7});
    assertThatThrownBy(() -> ResumeToken.decode(TOPIC, token, 2))
        .isInstanceOf(ResumeToken.InvalidTokenException.class).hasMessageContaining("3 partitions");
  }

  @Test
  void shouldRejectTokenOfAnotherTopic() {
    String token = ResumeToken.encode("other.mm.updates", new long[] {5, 6, 7});
    assertThatThrownBy(() -> ResumeToken.decode(TOPIC, token, 3))
        .isInstanceOf(ResumeToken.InvalidTokenException.class).hasMessageContaining("checksum");
  }

  @Test
  void shouldRejectCorruptedTokens() {
    String good = ResumeToken.encode(TOPIC, new long[] {100, 200, 300});
    char flipped = good.charAt(5) == 'A' ? 'B' : 'A';
    String v2 = ResumeToken.encode(TOPIC, 0x1234_5678, new long[] {100, 200, 300});
    String[] bad = {"", " ", "2" + good.substring(1), "1" + v2.substring(1), "3" + v2.substring(1), "1***", "1AA", good.substring(0, 5) + flipped + good.substring(6),
        good.substring(0, good.length() - 2), "1" + "A".repeat(200_000)};
    for (String t : bad) {
      assertThatThrownBy(() -> ResumeToken.decode(TOPIC, t, 3)).as("token '%s'", t.length() > 40 ? "long" : t)
          .isInstanceOf(ResumeToken.InvalidTokenException.class);
    }
  }

  @Test
  void shouldCarryTheTopicEpochInAVersionTwoToken() {
    String token = ResumeToken.encode(TOPIC, 0xCAFE_F00D, new long[] {7, 0, 1L << 40});
    assertThat(token).matches("2[A-Za-z0-9_-]+");
    ResumeToken.Position p = ResumeToken.read(TOPIC, token, 3);
    assertThat(p.epoch()).isEqualTo(0xCAFE_F00D);
    assertThat(p.next()).containsExactly(7, 0, 1L << 40);
  }

  @Test
  void shouldStillReadVersionOneTokensWithoutAnEpoch() {
    // what a gateway before epochs handed out; "1" + base64url([2][5][6][crc]) for mm.updates
    String old = ResumeToken.encode(TOPIC, new long[] {5, 6});
    assertThat(old).startsWith("1");
    ResumeToken.Position p = ResumeToken.read(TOPIC, old, 2);
    assertThat(p.epoch()).isEqualTo(ResumeToken.NO_EPOCH);
    assertThat(p.next()).containsExactly(5, 6);
  }

  @Test
  void shouldWriteVersionOneWhenTheEpochIsUnknown() {
    assertThat(ResumeToken.encode(TOPIC, ResumeToken.NO_EPOCH, new long[] {5, 6}))
        .isEqualTo(ResumeToken.encode(TOPIC, new long[] {5, 6}));
  }

  @Test
  void shouldRejectAVersionTwoTokenWhoseEpochWasAltered() {
    String token = ResumeToken.encode(TOPIC, 1, new long[] {5});
    String other = ResumeToken.encode(TOPIC, 2, new long[] {5});
    // same length, body differs only in the epoch: splice the other epoch in and keep this checksum
    String spliced = other.substring(0, 7) + token.substring(7);
    assertThatThrownBy(() -> ResumeToken.read(TOPIC, spliced, 1))
        .isInstanceOf(ResumeToken.InvalidTokenException.class).hasMessageContaining("checksum");
  }

  @Test
  void shouldWriteTheSameUnpaddedBase64UrlAsTheJdkForEveryLength() {
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 2_000; i++) {
      long[] v = new long[1 + random.nextInt(12)];
      for (int p = 0; p < v.length; p++) {
        v[p] = (random.nextLong() >>> 1) >>> random.nextInt(63);
      }
      int epoch = random.nextInt(3) == 0 ? ResumeToken.NO_EPOCH : random.nextInt();
      String token = ResumeToken.encode(TOPIC, epoch, v);
      byte[] raw = java.util.Base64.getUrlDecoder().decode(token.substring(1));
      // the hand-written encoder writes exactly what the JDK's writes (every body length mod 3 occurs)
      assertThat(token.substring(1)).isEqualTo(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
      ResumeToken.Position read = ResumeToken.read(TOPIC, token, v.length);
      assertThat(read.next()).containsExactly(v);
      assertThat(read.epoch()).isEqualTo(epoch);
    }
  }

  @Test
  void shouldHandTheSameTokenToEveryoneAtOnePositionAndNeverAStaleOne() {
    long[] pos = {5, 6, 7};
    String first = ResumeToken.encode(TOPIC, 3, pos);
    assertThat(ResumeToken.encode(TOPIC, 3, pos.clone())).isSameAs(first); // remembered, not written again
    pos[1] = 60; // the caller's array moves on: the memo kept its own copy
    assertThat(ResumeToken.read(TOPIC, ResumeToken.encode(TOPIC, 3, pos), 3).next()).containsExactly(5, 60, 7);
    assertThat(ResumeToken.read(TOPIC, first, 3).next()).containsExactly(5, 6, 7);
    // another topic or epoch at the same offsets is another token
    assertThat(ResumeToken.encode("other", 3, new long[] {5, 6, 7})).isNotEqualTo(first);
    assertThat(ResumeToken.read(TOPIC, ResumeToken.encode(TOPIC, 4, new long[] {5, 6, 7}), 3).epoch()).isEqualTo(4);
    // many positions: each answer decodes to its own position, and the memo does not grow
    for (long i = 0; i < 5_000; i++) {
      long[] v = {i, i % 7, 3};
      assertThat(ResumeToken.read(TOPIC, ResumeToken.encode(TOPIC, 3, v), 3).next()).containsExactly(v);
    }
    assertThat(ResumeToken.memoSlots()).isEqualTo(1024);
  }
}
