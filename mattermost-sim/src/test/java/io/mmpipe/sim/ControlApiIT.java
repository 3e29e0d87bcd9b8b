package io.mmpipe.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.sim.control.ControlClient;
import io.mmpipe.sim.control.ControlRoutes;
import io.mmpipe.sim.load.LoadStamp;
import io.mmpipe.sim.world.LockedWorld;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The loopback control API ({@code /_sim/...}) over HTTP against a real simulator, through {@link ControlClient} as
 * the benchmark and the chaos suite use it; and its bad-input table (mattermost-sim README, "Control API").
 */
class ControlApiIT {

  private MattermostSim sim;
  private ControlClient control;
  private SimRestClient anon;

  @BeforeEach
  void start() {
    sim = MattermostSim.start(SimConfig.defaults());
    control = new ControlClient(sim.baseUrl());
    anon = new SimRestClient(sim, null);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void shouldCreateLoadChannelsWithEveryUserOnceAndSpreadTheLoadOverThem() {
    int before = sim.world().botChannelIds().size();
    List<String> ids = control.ensureLoadChannels(20);
    assertThat(ids).hasSize(20).doesNotHaveDuplicates();
    int after = sim.world().botChannelIds().size();
    assertThat(after).isGreaterThan(before);
    assertThat(control.ensureLoadChannels(20)).isEqualTo(ids);
    assertThat(control.ensureLoadChannels(5)).isEqualTo(ids.subList(0, 5));
    assertThat(sim.world().botChannelIds()).hasSize(after); // idempotent: nothing new
    String created = ids.getLast();
    for (String user : sim.world().userIds()) {
      assertThat(sim.world().memberChannelIds(user)).contains(created);
    }

    control.startLoad(400, 20);
    await().atMost(Duration.ofSeconds(30)).until(() -> control.stats().loadChanges() >= 400);
    control.stopLoad();
    assertThat(control.stats().loadRunning()).isFalse();
    Set<String> used = new HashSet<>();
    sim.world().changes().forEach(c -> used.add(c.channelId()));
    assertThat(ids).containsAll(used);
    assertThat(used).hasSizeGreaterThan(10);
  }

  @Test
  void shouldReportHowFarTheLoadFellBehindItsSchedule() {
    control.startLoad(100, 3);
    await().atMost(Duration.ofSeconds(30)).until(() -> control.stats().loadChanges() >= 5);
    // the world's lock held for 400 ms: the generator cannot make its changes meanwhile
    holdWorldLock(400);
    await().atMost(Duration.ofSeconds(30)).until(() -> control.stats().loadMaxBehindMs() >= 300);
    control.stopLoad();
    control.startLoad(100, 3); // a new run starts from zero
    assertThat(control.stats().loadMaxBehindMs()).isLessThan(300);
    control.stopLoad();
  }

  @Test
  void shouldMakeStampedRootPostsInPostsModeWithoutSkippingASlotWhenBehind() {
    List<String> channels = control.ensureLoadChannels(3);
    long before = sim.world().changeCount();
    control.startLoad(200, 3, LoadGenerator.Mode.POSTS);
    await().atMost(Duration.ofSeconds(30)).until(() -> control.stats().loadChanges() >= 20);
    // the world's lock held for 400 ms: the generator falls 80 slots behind, and must make every one of them late
    holdWorldLock(400);
    await().atMost(Duration.ofSeconds(30)).until(() -> control.stats().loadChanges() >= 200);
    control.stopLoad();
    assertThat(control.stats().loadMaxBehindMs()).isGreaterThanOrEqualTo(300);
    List<SimChange> made = sim.world().changesSince(before);
    assertThat(made).allSatisfy(c -> {
      assertThat(c.kind()).isEqualTo("post_created");
      assertThat(channels).contains(c.channelId());
    });
    List<LoadStamp> stamps = new ArrayList<>();
    for (SimChange c : made) {
      String message = ((LockedWorld) sim.world()).read(s -> s.channelRows(c.channelId()).stream()
          .filter(r -> r.id().equals(c.postId())).findFirst().orElseThrow().message());
      stamps.add(LoadStamp.find(message).orElseThrow());
    }
    for (int k = 0; k < stamps.size(); k++) {
      assertThat(stamps.get(k).slot()).isEqualTo(k);
      // 200/s: slots 5 ms apart, whatever the generator's lateness
      assertThat(stamps.get(k).dueMicros() - stamps.getFirst().dueMicros()).isEqualTo(k * 5_000L);
    }
    assertThat(stamps).anySatisfy(s -> assertThat(s.lateMicros()).isGreaterThanOrEqualTo(300_000));

    control.startLoad(200, 3, LoadGenerator.Mode.POSTS); // a new load starts its slots from 0 again
    await().atMost(Duration.ofSeconds(30)).until(() -> control.stats().loadChanges() >= made.size() + 1);
    control.stopLoad();
    SimChange first = sim.world().changesSince(before + made.size()).getFirst();
    String message = ((LockedWorld) sim.world()).read(s -> s.channelRows(first.channelId()).stream()
        .filter(r -> r.id().equals(first.postId())).findFirst().orElseThrow().message());
    assertThat(LoadStamp.find(message).orElseThrow().slot()).isZero();
  }

  @Test
  void shouldRunTheMixWhenModeIsEmpty() throws Exception {
    assertThat(anon.post("/_sim/load?rate=200&mode=", "").statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(30)).until(() -> sim.world().changes().stream()
        .anyMatch(c -> !c.kind().equals("post_created")));
    control.stopLoad();
  }

  @Test
  void shouldPageThroughEveryChangeInBoundedPages() throws Exception {
    String user = sim.world().userIds().getFirst();
    String channel = sim.world().botChannelIds().getFirst();
    int total = ControlRoutes.MAX_PAGE * 2 + 500;
    for (int i = 0; i < total; i++) {
      sim.world().createPost(user, channel, "p" + i);
    }
    JsonNode first = anon.getJson("/_sim/changes?since_index=0");
    assertThat(first.get("changes")).hasSize(ControlRoutes.MAX_PAGE);
    assertThat(first.get("next_index").asInt()).isEqualTo(ControlRoutes.MAX_PAGE);
    JsonNode small = anon.getJson("/_sim/changes?since_index=5&limit=3");
    assertThat(small.get("changes")).hasSize(3);
    assertThat(small.get("next_index").asInt()).isEqualTo(8);
    for (long beyond : new long[] {total + 50, 4_294_967_296L, Long.MAX_VALUE}) {
      JsonNode past = anon.getJson("/_sim/changes?since_index=" + beyond);
      assertThat(past.get("changes")).isEmpty();
      assertThat(past.get("next_index").asInt()).isEqualTo(total);
      assertThat(past.get("dropped").asLong()).isZero();
    }

    List<SimChange> all = new ArrayList<>();
    assertThat(control.changesSince(0, all)).isEqualTo(total);
    assertThat(all).isEqualTo(sim.world().changes());
    List<SimChange> tail = new ArrayList<>();
    assertThat(control.changesSince(total - 7, tail)).isEqualTo(total);
    assertThat(tail).isEqualTo(all.subList(total - 7, total));
  }

  @Test
  void shouldKeepIndexesAndSayWhatWasDroppedWhenTheChangeLogIsFull() throws Exception {
    try (MattermostSim small = MattermostSim.start(SimConfig.defaults().withChangeLogLimit(100))) {
      SimRestClient rest = new SimRestClient(small, null);
      ControlClient client = new ControlClient(small.baseUrl());
      String user = small.world().userIds().getFirst();
      String channel = small.world().botChannelIds().getFirst();
      List<String> posts = new ArrayList<>();
      for (int i = 0; i < 250; i++) {
        posts.add(small.world().createPost(user, channel, "p" + i).id());
      }
      assertThat(small.world().changes()).hasSize(100);
      assertThat(client.stats().changesMade()).isEqualTo(250);

      // asked from a dropped index: told how many are gone, the page starts at the oldest kept, under its own index
      JsonNode old = rest.getJson("/_sim/changes?since_index=20&limit=5");
      assertThat(old.get("first_index").asLong()).isEqualTo(150);
      assertThat(old.get("dropped").asLong()).isEqualTo(130);
      assertThat(old.get("changes")).extracting(c -> c.get("post_id").asText()).isEqualTo(posts.subList(150, 155));
      assertThat(old.get("next_index").asLong()).isEqualTo(155);
      JsonNode kept = rest.getJson("/_sim/changes?since_index=240");
      assertThat(kept.get("dropped").asLong()).isZero();
      assertThat(kept.get("changes")).extracting(c -> c.get("post_id").asText()).isEqualTo(posts.subList(240, 250));

      List<SimChange> into = new ArrayList<>();
      assertThatThrownBy(() -> client.changesSince(0, into)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("dropped changes 0 to 149").hasMessageContaining("oldest kept is 150");
      assertThat(into).isEmpty();
      assertThat(client.changesSince(150, into)).isEqualTo(250);
      assertThat(into).isEqualTo(small.world().changes());
    }
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', textBlock = """
      POST   | /_sim/channels                          | 400 | count is required
      POST   | /_sim/channels?count=                   | 400 | count is required
      POST   | /_sim/channels?count=many               | 400 | count must be a whole number (was 'many')
      POST   | /_sim/channels?count=0                  | 400 | count must be 1 to 1000 (was 0)
      POST   | /_sim/channels?count=-3                 | 400 | count must be 1 to 1000 (was -3)
      POST   | /_sim/channels?count=1001               | 400 | count must be 1 to 1000 (was 1001)
      POST   | /_sim/channels?count=99999999999999999999 | 400 | count must be a whole number
      POST   | /_sim/channels?count=2.5                | 400 | count must be a whole number (was '2.5')
      GET    | /_sim/changes?since_index=-1            | 400 | since_index must be 0 to 9223372036854775807 (was -1)
      GET    | /_sim/changes?since_index=abc           | 400 | since_index must be a whole number (was 'abc')
      GET    | /_sim/changes?since_index=99999999999999999999 | 400 | since_index must be a whole number
      GET    | /_sim/changes?limit=0                   | 400 | limit must be 1 to 10000 (was 0)
      GET    | /_sim/changes?limit=10001               | 400 | limit must be 1 to 10000 (was 10001)
      GET    | /_sim/changes?limit=ten                 | 400 | limit must be a whole number (was 'ten')
      POST   | /_sim/load?rate=fast                    | 400 | rate must be a number of changes per second (was 'fast')
      POST   | /_sim/load?rate=0                       | 400 | rate must be above 0 and at most 100000.0 changes/s (was 0)
      POST   | /_sim/load?rate=-5                      | 400 | rate must be above 0
      POST   | /_sim/load?rate=NaN                     | 400 | rate must be above 0
      POST   | /_sim/load?rate=Infinity                | 400 | rate must be above 0
      POST   | /_sim/load?rate=100001                  | 400 | rate must be above 0 and at most 100000.0
      POST   | /_sim/load?rate=10&channels=0           | 400 | channels must be 1 to 1000 (was 0)
      POST   | /_sim/load?rate=10&channels=4294967297  | 400 | channels must be 1 to 1000 (was 4294967297)
      POST   | /_sim/load?rate=10&channels=x           | 400 | channels must be a whole number (was 'x')
      POST   | /_sim/load?rate=10&mode=POSTS           | 400 | mode must be mix or posts (was 'POSTS')
      POST   | /_sim/load?rate=10&mode=stamped         | 400 | mode must be mix or posts (was 'stamped')
      POST   | /_sim/load?rate=10&mode=mix,posts       | 400 | mode must be mix or posts (was 'mix,posts')
      POST   | /_sim/faults/stall?ms=-1                | 400 | ms must be 0 to 3600000 (was -1)
      POST   | /_sim/faults/rest?status=200            | 400 | status must be 400 to 599 (was 200)
      POST   | /_sim/faults/rest?count=-1              | 400 | count must be 0 to 1000000 (was -1)
      POST   | /_sim/faults/rest?retry_after=nope      | 400 | retry_after must be a whole number (was 'nope')
      """)
  void shouldRefuseBadInputWithAClearMessage(String method, String path, int status, String message)
      throws Exception {
    HttpResponse<String> r = switch (method) {
      case "GET" -> anon.get(path);
      case "POST" -> anon.post(path, "");
      default -> throw new IllegalArgumentException(method);
    };
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
    JsonNode body = WsClient.JSON.readTree(r.body());
    assertThat(body.path("message").asText()).startsWith(message);
    assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(sim.load().running()).isFalse();
    assertThat(sim.world().botChannelIds()).hasSizeLessThan(LockedWorld.MAX_LOAD_CHANNELS);
  }

  /** Holds the world's lock for {@code ms}: meanwhile the load generator cannot make its changes. */
  private void holdWorldLock(long ms) {
    ((LockedWorld) sim.world()).read(store -> {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return null;
    });
  }
}
