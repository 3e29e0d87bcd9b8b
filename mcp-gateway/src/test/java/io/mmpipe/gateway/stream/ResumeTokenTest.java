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
    String[] bad = {"", " ", "2" + good.substring(1), "1***", "1AA", good.substring(0, 5) + flipped + good.substring(6),
        good.substring(0, good.length() - 2), "1" + "A".repeat(200_000)};
    for (String t : bad) {
      assertThatThrownBy(() -> ResumeToken.decode(TOPIC, t, 3)).as("token '%s'", t.length() > 40 ? "long" : t)
          .isInstanceOf(ResumeToken.InvalidTokenException.class);
    }
  }
}
