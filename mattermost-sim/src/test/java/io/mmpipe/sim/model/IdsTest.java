package io.mmpipe.sim.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTest {

  @Test
  void shouldMake26LowercaseBase32CharacterIds() {
    Ids ids = new Ids(1);
    for (int i = 0; i < 1000; i++) {
      String id = ids.next();
      assertThat(id).hasSize(26).matches("[a-z0-9]+").isLowerCase();
      assertThat(Ids.looksLikeId(id)).isTrue();
    }
  }

  @Test
  void shouldRepeatIdsForTheSameSeedAndDifferForAnother() {
    assertThat(new Ids(5).next()).isEqualTo(new Ids(5).next());
    assertThat(new Ids(5).next()).isNotEqualTo(new Ids(6).next());
  }

  @Test
  void shouldNotRepeatWithinOneGenerator() {
    Ids ids = new Ids(3);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      assertThat(seen.add(ids.next())).isTrue();
    }
  }

  @Test
  void shouldEncodeAllZeroAndAllOneBytesToTheAlphabetEnds() {
    assertThat(Ids.encode(new byte[16])).isEqualTo("y".repeat(26));
    byte[] ones = new byte[16];
    java.util.Arrays.fill(ones, (byte) 0xff);
    // 25 full groups of 31, then the last 3 bits padded with zeros: 0b11100 = 28
    assertThat(Ids.encode(ones)).isEqualTo("9".repeat(25) + Ids.ALPHABET.charAt(28));
  }
}
