package io.mmpipe.sim.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.sim.SimChange;
import io.mmpipe.sim.model.Channel;
import io.mmpipe.sim.model.PostRow;
import io.mmpipe.sim.model.SimClock;
import io.mmpipe.sim.model.User;
import io.mmpipe.sim.world.LockedWorld;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The load generator's text and mix, driven step by step (no thread, no clock) against a real world. */
class RandomLoadTest {

  private static final Pattern MENTION = Pattern.compile("@([a-z0-9.\\-_]+)");

  /** A world and a generator with the same seed, as MattermostSim wires them. */
  private record Run(LockedWorld world, RandomLoad load, List<String> channels) {

    static Run of(long seed, int steps) {
      LockedWorld world = new LockedWorld(seed, false, new SimClock(() -> 1_000_000), e -> { });
      RandomLoad load = new RandomLoad(world, c -> world.read(s -> s.channel(c).orElseThrow().members().stream()
          .filter(u -> !s.user(u).orElseThrow().isBot()).sorted().toList()), u -> world.user(u).username(), seed);
      List<String> channels = world.botChannelIds().subList(0, 3);
      for (int i = 0; i < steps; i++) {
        load.stepOnce(channels);
      }
      return new Run(world, load, channels);
    }

    /** Every live post and edit-history row the load wrote, oldest first. */
    List<PostRow> rows() {
      return world.read(s -> channels.stream().flatMap(c -> s.channelRows(c).stream()).toList());
    }

    List<PostRow> posts() {
      return rows().stream().filter(p -> !p.isHistory()).toList();
    }
  }

  @Test
  void shouldProduceTheSameConversationForTheSameSeed() {
    Run a = Run.of(7, 800);
    Run b = Run.of(7, 800);
    Run other = Run.of(8, 800);
    assertThat(a.world().changes()).isNotEmpty().isEqualTo(b.world().changes());
    assertThat(a.rows()).extracting(PostRow::message).isEqualTo(b.rows().stream().map(PostRow::message).toList());
    assertThat(other.rows()).extracting(PostRow::message)
        .isNotEqualTo(a.rows().stream().map(PostRow::message).toList());
  }

  @Test
  void shouldWriteTeamChatInsteadOfNumberedLoadMessages() {
    Run run = Run.of(42, 800);
    List<String> messages = run.posts().stream().map(PostRow::message).toList();
    assertThat(messages).isNotEmpty().noneMatch(m -> m.matches("(load message|load reply|edited) \\d+"));
    assertThat(messages).allSatisfy(m -> assertThat(m).matches("[\\p{Print}]+").hasSizeGreaterThan(5));
    assertThat(Set.copyOf(messages)).as("varied text").hasSizeGreaterThan(40);
    List<PostRow> edited = run.posts().stream().filter(p -> p.editAt() > 0 && !p.isDeleted()).toList();
    assertThat(edited).isNotEmpty().allSatisfy(p -> assertThat(p.message()).contains("(edit: "));
  }

  @Test
  void shouldMentionOtherMembersOfTheChannelByUsername() {
    Run run = Run.of(42, 800);
    Map<String, User> byName = run.world().read(s -> s.users().stream()
        .collect(Collectors.toMap(User::username, u -> u)));
    int mentions = 0;
    for (PostRow p : run.posts()) {
      Matcher m = MENTION.matcher(p.message());
      while (m.find()) {
        mentions++;
        User u = byName.get(m.group(1));
        assertThat(u).as("mentions a seeded user: " + p.message()).isNotNull();
        Channel c = run.world().channel(p.channelId());
        assertThat(c.isMember(u.id())).as("mentions a member").isTrue();
        assertThat(u.id()).as("nobody mentions themselves").isNotEqualTo(p.userId());
        assertThat(u.isBot()).isFalse();
      }
    }
    assertThat(mentions).as("some, not all, messages mention someone").isBetween(run.posts().size() / 12,
        run.posts().size() / 2);
  }

  @Test
  void shouldAttachAFileToAboutOneNewPostInTwenty() {
    Run run = Run.of(42, 3000);
    List<PostRow> roots = run.posts().stream().filter(PostRow::isRoot).toList();
    List<PostRow> withFiles = roots.stream().filter(p -> !p.fileIds().isEmpty()).toList();
    assertThat(withFiles.size()).isBetween(roots.size() / 40, roots.size() / 10);
    Set<String> mimes = run.world().read(s -> withFiles.stream()
        .map(p -> s.file(p.fileIds().get(0)).orElseThrow().mimeType()).collect(Collectors.toSet()));
    assertThat(mimes).as("images and documents").contains("image/png").hasSizeGreaterThan(2);
  }

  @Test
  void shouldReactWithCommonAndCustomEmoji() {
    Run run = Run.of(42, 3000);
    Set<String> used = run.world().changes().stream().filter(c -> c.kind().equals("reaction_added"))
        .map(SimChange::emojiName).collect(Collectors.toSet());
    assertThat(used).contains("+1", "eyes", "tada", "heart", "rocket", "white_check_mark", "joy", "thinking_face");
    assertThat(used).anyMatch(e -> e.contains("-")).anyMatch(e -> e.contains("_") && !e.equals("white_check_mark")
        && !e.equals("thinking_face"));
  }

  @Test
  void shouldKeepTheDocumentedMixOfChanges() {
    Run run = Run.of(42, 4000);
    Map<String, Integer> n = new HashMap<>();
    run.world().changes().forEach(c -> n.merge(c.kind(), 1, Integer::sum));
    // a few steps are refused (e.g. a reaction removed from a reply deleted with its root) and count nothing
    double total = run.load().changesMade();
    assertThat(total).isBetween(3900.0, 4000.0);
    assertThat((n.get("post_created") + n.get("reply_created")) / total).isBetween(0.50, 0.68);
    assertThat(n.get("post_edited") / total).isBetween(0.07, 0.13);
    assertThat(n.get("reaction_added") / total).isBetween(0.14, 0.22);
    assertThat(n.get("reaction_removed") / total).isBetween(0.04, 0.10);
    assertThat(n).containsKey("post_deleted");
  }

  @Test
  void shouldRememberABoundedNumberOfReactionsHoweverLongItRuns() {
    Run run = Run.of(11, 20_000);
    long added = run.world().changes().stream().filter(c -> c.kind().equals("reaction_added")).count();
    long removed = run.world().changes().stream().filter(c -> c.kind().equals("reaction_removed")).count();
    assertThat(added - removed).as("reactions left on posts").isGreaterThan(RandomLoad.REACTIONS);
    assertThat(run.load().rememberedReactions()).isLessThanOrEqualTo(RandomLoad.REACTIONS);
  }
}
