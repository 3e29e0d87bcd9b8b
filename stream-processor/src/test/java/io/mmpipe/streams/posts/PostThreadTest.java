package io.mmpipe.streams.posts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A thread's replies: no duplicates, the newest {@link PostThread#MAX_REPLIES}, removal by id. */
class PostThreadTest {

  @Test
  void shouldKeepEachReplyOnceAndReturnItselfForAKnownOne() {
    PostThread t = PostThread.empty().with("r1", "u", 10);
    assertThat(t.with("r1", "u", 20)).isSameAs(t);
    assertThat(t.with("r2", "u", 20).replies()).extracting(PostThread.Reply::id).containsExactly("r1", "r2");
    assertThat(t.with("r2", "u", 5).lastReplyAt()).as("never moves back").isEqualTo(10);
  }

  @Test
  void shouldKeepTheNewestRepliesUpToTheLimit() {
    PostThread t = PostThread.empty();
    for (int i = 0; i < PostThread.MAX_REPLIES; i++) {
      t = t.with("r" + i, "u", i);
    }
    assertThat(t.replies()).hasSize(PostThread.MAX_REPLIES);
    assertThat(t.replies().getFirst().id()).isEqualTo("r0");
    PostThread over = t.with("last", "u", 1);
    assertThat(over.replies()).hasSize(PostThread.MAX_REPLIES);
    assertThat(over.replies().getFirst().id()).isEqualTo("r1");
    assertThat(over.replies().getLast().id()).isEqualTo("last");
  }

  @Test
  void shouldRemoveOnlyTheGivenReply() {
    PostThread t = PostThread.empty().with("r1", "u", 10).with("r2", "v", 11);
    assertThat(t.without("r1").replies()).extracting(PostThread.Reply::id).containsExactly("r2");
    assertThat(t.without("r1").lastReplyAt()).isEqualTo(11);
  }
}
