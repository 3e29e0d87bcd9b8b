package io.mmpipe.sim.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostSearchTest {

  @Test
  void shouldSplitWordsPhrasesAndFilters() {
    PostSearch.Terms t = PostSearch.parse("deploy \"release notes\" from:@alice in:ops Prod*");
    assertThat(t.words()).containsExactly("deploy", "release notes", "prod*");
    assertThat(t.fromUsers()).containsExactly("alice");
    assertThat(t.inChannels()).containsExactly("ops");
  }

  @Test
  void shouldIgnoreEmptyPhrases() {
    assertThat(PostSearch.parse("\"\" x").words()).containsExactly("x");
  }
}
