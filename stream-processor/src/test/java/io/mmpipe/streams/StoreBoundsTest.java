package io.mmpipe.streams;

import static io.mmpipe.streams.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.schemas.avro.Post;
import io.mmpipe.schemas.avro.Reaction;
import io.mmpipe.streams.posts.PostProcessor;
import io.mmpipe.streams.reactions.ReactionProcessor;
import io.mmpipe.streams.sightings.SightingProcessor;
import io.mmpipe.streams.state.StateSection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every store of the processor stays flat under a steady load: what it holds is bounded by the load within the
 * state retention (ProcessorTopology.stateRetention, 30 days here), not by everything ever seen.
 */
class StoreBoundsTest {

  private static final int DAYS = 40;
  private static final int STEPS_PER_DAY = 4;
  private static final int POSTS_PER_STEP = 4;
  private static final long STEP = Duration.ofDays(1).toMillis() / STEPS_PER_DAY;
  static final List<StateSection.Kind<?>> STORES = List.of(ReactionProcessor.SETS, PostProcessor.THREADS,
      PostProcessor.DELETIONS, SightingProcessor.SIGHTINGS);

  @Test
  void shouldKeepEveryStoreFlatUnderASteadyLoad() {
    Map<String, List<Long>> sizes = new TreeMap<>();
    try (Harness h = new Harness(Duration.ofHours(24), Instant.ofEpochMilli(T0))) {
      long seq = 0;
      for (int step = 0; step < DAYS * STEPS_PER_DAY; step++) {
        long now = T0 + step * STEP;
        for (int i = 0; i < POSTS_PER_STEP; i++) {
          String id = "p" + step + "_" + i;
          Post root = Events.post(id, now + i).build();
          h.pipe(Events.polled(root, now + i + 1));
          // every post is polled with its reaction snapshot; half of them have a reaction
          List<Reaction> reactions = i % 2 == 0 ? List.of(Events.reaction(id, "u1", "+1", now + i)) : List.of();
          h.pipe(Events.snapshot(id, now + i, reactions, now + i + 2));
          h.pipe(Events.polled(Events.post(id + "r", now + i).setRootId(id).build(), now + i + 3));
          if (i == 3) {
            h.pipe(Events.polled(Events.post(id, now + i).setDeleteAt(now + i + 4).setUpdateAt(now + i + 4).build(),
                now + i + 5));
          }
          String user = "u" + (step % 50);
          h.pipe("user:" + user, Events.at(Events.status(user, step % 2 == 0 ? "away" : "online", now + i), ++seq));
          h.pipe(Events.at(Events.typing(user, "", now + i + 6), ++seq));
        }
        h.driver.advanceWallClockTime(Duration.ofMillis(STEP));
        h.updates.readValuesToList(); // keep the output topic from holding everything
        if (step % STEPS_PER_DAY == STEPS_PER_DAY - 1) {
          for (StateSection.Kind<?> store : STORES) {
            sizes.computeIfAbsent(store.name(), k -> new ArrayList<>()).add(h.storeSize(store));
          }
        }
      }
    }
    // flat: after the retention has passed once, the last days hold what the 30 days before them brought
    int perDayWithReactions = STEPS_PER_DAY * POSTS_PER_STEP / 2;
    sizes.forEach((store, perDay) -> {
      List<Long> afterRetention = perDay.subList(32, DAYS);
      long min = afterRetention.stream().mapToLong(Long::longValue).min().orElseThrow();
      long max = afterRetention.stream().mapToLong(Long::longValue).max().orElseThrow();
      assertThat(max - min).as("%s from day 32 on: %s", store, afterRetention).isLessThanOrEqualTo(
          perDay.get(31) / 10);
      assertThat(perDay.getLast()).as(store).isLessThan(perDay.get(31) + perDay.get(31) / 10);
    });
    assertThat(sizes.get(ReactionProcessor.SETS.name()).getLast()).as("only posts with reactions, for 30 days")
        .isBetween(30L * perDayWithReactions, 32L * perDayWithReactions);
  }
}
