package io.mmpipe.sim.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmpipe.sim.SimChange;
import io.mmpipe.sim.SimPost;
import io.mmpipe.sim.model.ApiException;
import io.mmpipe.sim.model.Channel;
import io.mmpipe.sim.model.Ids;
import io.mmpipe.sim.model.PostRow;
import io.mmpipe.sim.ws.WsEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorldTest extends SeededWorld {

  @Test
  void shouldSeedTheDocumentedWorld() {
    assertThat(Ids.looksLikeId(world.teamId())).isTrue();
    assertThat(world.userIds()).hasSize(5);
    List<Channel> channels = world.read(s -> List.copyOf(s.channels()));
    assertThat(channels).extracting(Channel::name)
        .contains("town-square", "off-topic", "engineering", "ops", "random", "leadership");
    assertThat(channels).extracting(Channel::type).contains('O', 'P', 'D', 'G');
    Channel random = channels.stream().filter(c -> c.name().equals("random")).findFirst().orElseThrow();
    assertThat(random.isMember(world.botUserId())).isFalse();
    // six channels from before the identities plus leadership and the bob/carol group; not random, not the alice/bob DM
    assertThat(world.botChannelIds()).hasSize(8).doesNotContain(random.id());
  }

  @Test
  void shouldGiveEveryChangeAStrictlyLargerTimeEvenWhenTheClockStands() {
    SimPost p = world.createPost(alice, townSquare, "a");
    world.addReaction(bob, p.id(), "+1");
    world.editPost(p.id(), "b");
    world.removeReaction(bob, p.id(), "+1");
    List<Long> times = world.changes().stream().map(SimChange::at).toList();
    assertThat(times).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void shouldBumpThePostWhenAReactionChanges() {
    SimPost p = world.createPost(alice, townSquare, "a");
    world.addReaction(bob, p.id(), "eyes");
    long afterAdd = world.simPost(p.id()).updateAt();
    assertThat(afterAdd).isGreaterThan(p.updateAt());
    world.removeReaction(bob, p.id(), "eyes");
    assertThat(world.simPost(p.id()).updateAt()).isGreaterThan(afterAdd);
  }

  @Test
  void shouldReviveTheSameReactionRowWhenReAdded() {
    SimPost p = world.createPost(alice, townSquare, "a");
    world.addReaction(bob, p.id(), "eyes");
    long created = world.read(s -> s.reaction(p.id(), bob, "eyes").orElseThrow().createAt());
    world.removeReaction(bob, p.id(), "eyes");
    world.addReaction(bob, p.id(), "eyes");
    long revived = world.read(s -> s.reaction(p.id(), bob, "eyes").orElseThrow().createAt());
    int active = world.read(s -> s.activeReactions(p.id()).size());
    assertThat(revived).isEqualTo(created);
    assertThat(active).isEqualTo(1);
  }

  @Test
  void shouldImportAPostWithAnEarlierCreateAtWithoutAnEventAndRefuseAFutureOne() {
    long past = world.clock().peek() - 1_000;
    events.clear();
    SimPost old = world.importPost(alice, townSquare, "from the archive", past);
    assertThat(old.createAt()).isEqualTo(past);
    assertThat(old.updateAt()).isEqualTo(past);
    assertThat(events).isEmpty();
    assertThat(world.changes().getLast()).satisfies(c -> {
      assertThat(c.kind()).isEqualTo("post_created");
      assertThat(c.at()).isEqualTo(past);
    });
    assertThatThrownBy(() -> world.importPost(alice, townSquare, "x", world.clock().peek() + 60_000))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in the past");
    assertThatThrownBy(() -> world.importPost(alice, "no-such-channel", "x", past)).isInstanceOf(ApiException.class);
  }

  @Test
  void shouldDeleteRepliesWithTheRootButSendOneEventPerCopy() {
    SimPost root = world.createPost(alice, townSquare, "root");
    SimPost reply = world.createReply(bob, root.id(), "reply");
    events.clear();
    world.deletePost(root.id());
    assertThat(world.simPost(reply.id()).deleteAt()).isPositive();
    assertThat(events).extracting(WsEvent::event).containsExactly("post_deleted", "post_deleted");
    assertThat(events).allSatisfy(e -> assertThat(e.dataJson()).contains(root.id()).doesNotContain(reply.id()));
  }

  @Test
  void shouldKeepAnEditHistoryRowAndBumpTheRootOfAnEditedReply() {
    SimPost root = world.createPost(alice, townSquare, "root");
    SimPost reply = world.createReply(bob, root.id(), "first");
    long rootBefore = world.simPost(root.id()).updateAt();
    SimPost edited = world.editPost(reply.id(), "second");
    assertThat(edited.editAt()).isEqualTo(edited.updateAt());
    List<PostRow> history = world.read(s -> s.channelRows(townSquare).stream().filter(PostRow::isHistory).toList());
    assertThat(history).singleElement().satisfies(h -> {
      assertThat(h.originalId()).isEqualTo(reply.id());
      assertThat(h.message()).isEqualTo("first");
      assertThat(h.deleteAt()).isEqualTo(edited.editAt());
    });
    assertThat(world.simPost(root.id()).updateAt()).isGreaterThan(rootBefore);
  }

  @Test
  void shouldRefusePostsFromNonMembersAndBadEmoji() {
    String ops = world.botChannelIds().get(3);
    String dave = world.userIds().get(3);
    assertThatThrownBy(() -> world.createPost(dave, ops, "no")).isInstanceOf(ApiException.class);
    SimPost p = world.createPost(alice, townSquare, "a");
    assertThatThrownBy(() -> world.addReaction(bob, p.id(), ":smile:")).isInstanceOf(ApiException.class);
  }
}
