package io.mmpipe.mattermost.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.runtime.config.Secret;
import io.mmpipe.sim.MattermostSim;
import io.mmpipe.sim.SimChange;
import io.mmpipe.sim.SimConfig;
import io.mmpipe.sim.SimPost;
import io.mmpipe.sim.WorldControls;
import io.mmpipe.sim.load.ChangeBurst;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The capped catch-up against the simulator's store (SqlPostStore's since, page and include_deleted semantics):
 * more than 1000 changes of every kind in one channel, on old and new posts; every change is in the answer, and
 * what the API keeps out of reach comes back as a gap.
 */
class ChangeWalkIT {

  private static final long DAY = Duration.ofDays(1).toMillis();
  private MattermostSim sim;
  private MattermostClient bot;

  private void start(boolean botIsAdmin) {
    sim = MattermostSim.start(SimConfig.defaults().withBotIsAdmin(botIsAdmin));
    bot = new MattermostClient(sim.baseUrl(), Secret.of(sim.botToken()), "MATTERMOST_TOKEN",
        new RestPolicy(1000, 3, Duration.ofMillis(20), Duration.ofSeconds(1), Duration.ofSeconds(10)));
  }

  @AfterEach
  void stop() {
    bot.close();
    sim.close();
  }

  /** The newest row per post id the walk returned. */
  private static Map<String, JsonNode> byId(PostRows rows) {
    Map<String, JsonNode> m = new HashMap<>();
    rows.rows().forEach(p -> m.put(p.path("id").asText(), p));
    return m;
  }

  /** Each change is visible in the answer: the post's row is at or after the change, deleted if it was deleted. */
  private static List<SimChange> unseen(List<SimChange> changes, Map<String, JsonNode> rows) {
    List<SimChange> out = new ArrayList<>();
    for (SimChange c : changes) {
      JsonNode p = rows.get(c.postId());
      boolean seen = p != null && p.path("update_at").asLong() >= c.at()
          && (!c.kind().equals("post_deleted") || p.path("delete_at").asLong() > 0);
      if (!seen) {
        out.add(c);
      }
    }
    return out;
  }

  private record Burst(List<SimChange> made, PostRows rows) {}

  /** {@code history} posts of 3-day-old history, a cursor, {@code rounds} of changes, then the 7-day catch-up. */
  private Burst catchUpAfter(boolean botIsAdmin, int history, int rounds) {
    start(botIsAdmin);
    WorldControls w = sim.world();
    String ch = w.botChannelIds().get(0);
    List<SimPost> old = ChangeBurst.history(w, ch, System.currentTimeMillis() - 3 * DAY, history);
    long cursor = w.createPost(w.userIds().get(0), ch, "cursor").updateAt();
    long mark = w.changeCount();
    ChangeBurst.run(w, ch, old, rounds);
    List<SimChange> made = w.changesSince(mark);
    return new Burst(made, bot.posts().since(ch, cursor, System.currentTimeMillis() - 7 * DAY));
  }

  @Test
  void shouldReturnEveryChangeOfACappedGapWithoutAGapWhenTheWholeChannelIsWithinTheHorizon() {
    Burst b = catchUpAfter(true, 300, 400);
    assertThat(b.made().size()).isGreaterThan(2000);
    assertThat(b.rows().capped()).isTrue();
    assertThat(unseen(b.made(), byId(b.rows()))).isEmpty();
    assertThat(b.rows().gap()).isNull();
  }

  @Test
  void shouldReportTheWindowOfAGapForPostsOlderThanTheHorizon() {
    start(true);
    WorldControls w = sim.world();
    String ch = w.botChannelIds().get(0);
    // more than a page of 10-day-old history: the walk stops in it, at the horizon, above the oldest
    SimPost ancient = ChangeBurst.history(w, ch, System.currentTimeMillis() - 10 * DAY, 400).getFirst();
    List<SimPost> old = ChangeBurst.history(w, ch, System.currentTimeMillis() - 3 * DAY, 300);
    long cursor = w.createPost(w.userIds().get(0), ch, "cursor").updateAt();
    long ancientEdit = w.editPost(ancient.id(), "ancient, edited").editAt();
    ChangeBurst.run(w, ch, old, 400);

    PostRows rows = bot.posts().since(ch, cursor, System.currentTimeMillis() - 7 * DAY);
    assertThat(rows.capped()).isTrue();
    CatchUpGap gap = rows.gap();
    assertThat(gap).isNotNull();
    assertThat(gap.deletionsHidden()).isFalse();
    assertThat(gap.from()).isEqualTo(cursor);
    assertThat(gap.to()).isGreaterThanOrEqualTo(ancientEdit);
    // the walk covered the 3-day-old history and stopped at the horizon, above the 10-day-old post
    assertThat(gap.postsCreatedBefore()).isLessThanOrEqualTo(old.getFirst().createAt())
        .isGreaterThan(ancient.createAt());
    assertThat(gap.reason()).contains("posts created before").contains("1000-row cap");
  }

  @Test
  void shouldFindEveryNonDeletionChangeAndReportHiddenDeletionsWhenTheTokenIsNotAnAdmin() {
    Burst b = catchUpAfter(false, 300, 400);
    List<SimChange> made = b.made();
    PostRows rows = b.rows();
    // a deleted post is out of this token's reach, and so are its changes before the deletion
    Set<String> deleted = new HashSet<>();
    made.stream().filter(c -> c.kind().equals("post_deleted")).forEach(c -> deleted.add(c.postId()));
    List<SimChange> unseen = unseen(made, byId(rows));
    assertThat(unseen).isNotEmpty().allMatch(c -> deleted.contains(c.postId()));
    assertThat(unseen).anyMatch(c -> c.kind().equals("post_deleted"));
    assertThat(rows.gap()).isNotNull();
    assertThat(rows.gap().deletionsHidden()).isTrue();
    assertThat(rows.gap().postsCreatedBefore()).isZero();
  }

  @Test
  void shouldAnswerFromOneSinceCallWithoutAGapWhenUnderTheCap() {
    Burst b = catchUpAfter(false, 10, 20);
    assertThat(b.rows().capped()).isFalse();
    assertThat(b.rows().gap()).isNull();
    assertThat(unseen(b.made(), byId(b.rows()))).isEmpty();
  }
}
