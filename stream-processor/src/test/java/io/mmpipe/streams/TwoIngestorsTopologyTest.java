package io.mmpipe.streams;

import static io.mmpipe.streams.Events.CHANNEL;
import static io.mmpipe.streams.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.schemas.avro.RawEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * Status, membership and typing changes carry no id or time from Mattermost: two ingestors watching one Mattermost
 * must still give exactly the updates one gives (docs/contracts.md, "Two ingestors").
 */
class TwoIngestorsTopologyTest {

  /** One Mattermost change: when it happened and the event an ingestor makes of it at a given time. */
  private record Change(long at, String key, LongFunction<RawEvent> observed) {}

  private static List<Change> changes(Random random, int count) {
    List<Change> out = new ArrayList<>();
    String[] statuses = {"online", "away", "dnd", "offline"};
    boolean[] member = new boolean[4];
    long t = T0;
    for (int i = 0; i < count; i++) {
      t += 20 + random.nextInt(400); // changes of one subject can be closer together than the ingestors' lag
      String user = "u" + random.nextInt(4);
      int u = user.charAt(1) - '0';
      switch (random.nextInt(3)) {
        case 0 -> {
          String status = statuses[random.nextInt(statuses.length)];
          out.add(new Change(t, "user:" + user, at -> Events.status(user, status, at)));
        }
        case 1 -> {
          member[u] = !member[u];
          String type = member[u] ? "user_added" : "user_removed";
          out.add(new Change(t, CHANNEL, at -> Events.membership(type, user, at)));
        }
        default -> {
          String parent = random.nextBoolean() ? "" : "root" + random.nextInt(2);
          out.add(new Change(t, CHANNEL, at -> Events.typing(user, parent, at)));
        }
      }
    }
    return out;
  }

  /** What one ingestor writes: every change, in order, observed {@code lag} after it (never out of order). */
  private record Observation(String key, RawEvent event) {}

  private static List<Observation> observe(List<Change> changes, String ingestor, Random lag, int maxLagMs) {
    List<Observation> out = new ArrayList<>();
    long last = 0;
    long seq = 0;
    for (Change c : changes) {
      last = Math.max(last, c.at() + lag.nextInt(maxLagMs + 1));
      out.add(new Observation(c.key(), Events.from(c.observed().apply(last), ingestor, ingestor + "-conn", ++seq)));
    }
    return out;
  }

  private static List<String> run(List<Observation> observations) {
    List<Observation> arrival = new ArrayList<>(observations);
    arrival.sort(Comparator.comparingLong(o -> o.event().getObservedAt())); // the topic's order: by arrival
    try (Harness h = new Harness()) {
      arrival.forEach(o -> h.pipe(o.key(), o.event()));
      return h.ids();
    }
  }

  @Test
  void shouldGiveWithTwoIngestorsExactlyTheUpdatesOfOne() {
    for (int seed = 0; seed < 5; seed++) {
      List<Change> changes = changes(new Random(seed), 400);
      List<Observation> a = observe(changes, "ingestor-a", new Random(seed + 100), 30);
      List<Observation> b = observe(changes, "ingestor-b", new Random(seed + 200), 3000);

      List<String> one = run(a);
      List<Observation> both = new ArrayList<>(a);
      both.addAll(b);
      List<String> two = run(both);

      assertThat(one).as("seed %d: every status, membership and typing type", seed)
          .anyMatch(id -> id.startsWith("status_")).anyMatch(id -> id.startsWith("member_"))
          .anyMatch(id -> id.startsWith("typing_")).doesNotHaveDuplicates();
      assertThat(two).as("seed %d", seed).containsExactlyInAnyOrderElementsOf(one);
      assertThat(run(b)).as("seed %d: the slow ingestor alone", seed).containsExactlyInAnyOrderElementsOf(one);
    }
  }

  @Test
  void shouldTreatACopyFromTheSameIngestorAsANewChangeAndAnotherIngestorsCopyAsTheSame() {
    try (Harness h = new Harness()) {
      h.pipe(Events.from(Events.typing("u1", "", T0), "ingestor-a", "ca", 1));
      h.pipe(Events.from(Events.typing("u1", "", T0 + 2000), "ingestor-b", "cb", 7));
      h.pipe(Events.from(Events.typing("u1", "", T0 + 3000), "ingestor-a", "ca", 2));
      h.pipe(Events.from(Events.typing("u1", "", T0 + 3500), "ingestor-b", "cb", 8));
      assertThat(h.ids()).containsExactly("typing_" + CHANNEL + "_u1_1", "typing_" + CHANNEL + "_u1_2");
    }
  }

  @Test
  void shouldNotMatchCopiesFurtherApartThanTheWindow() {
    try (Harness h = new Harness()) {
      h.pipe(Events.from(Events.typing("u1", "", T0), "ingestor-a", "ca", 1));
      h.pipe(Events.from(Events.typing("u1", "", T0 + 10_001), "ingestor-b", "cb", 1));
      h.pipe(Events.from(Events.typing("u1", "", T0 + 30_000), "ingestor-a", "ca", 2));
      h.pipe(Events.from(Events.typing("u1", "", T0 + 45_000), "ingestor-b", "cb", 2));
      assertThat(h.ids()).containsExactly("typing_" + CHANNEL + "_u1_1", "typing_" + CHANNEL + "_u1_2",
          "typing_" + CHANNEL + "_u1_3", "typing_" + CHANNEL + "_u1_4");
    }
  }
}
