package io.mmpipe.gateway.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.gateway.TestUpdates;
import io.mmpipe.gateway.security.Principal;
import io.mmpipe.gateway.stream.LogExtent;
import io.mmpipe.gateway.stream.ResumeToken;
import io.mmpipe.gateway.stream.UpdateEvent;
import io.mmpipe.gateway.stream.UpdateJson;
import io.mmpipe.gateway.stream.UpdateRing;
import io.mmpipe.gateway.stream.UpdateStreams;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The tokens resource reads hand out carry the topic's epoch as the fan-out last learned it, as the subscriptions'
 * do: a token read after the topic was recreated must not name the old incarnation (wait_for_updates from it would
 * announce a reset that did not happen, or trust positions of the old topic).
 */
class RecentUpdatesEpochTest {

  private static final String TOPIC = "t.mm.updates";
  private volatile int epoch = 3;

  private final LogExtent extent = new LogExtent() {
    @Override
    public int epoch() {
      return epoch;
    }

    @Override
    public Bounds bounds(int partitions) {
      return null;
    }
  };

  @Test
  void shouldHandOutTokensOfTheNewEpochAfterTheTopicIsRecreated() {
    UpdateRing ring = new UpdateRing(50);
    ring.init(new long[] {0});
    ResourceUpdate u = TestUpdates.post("c1", "p1", "hello");
    ring.append(List.of(new UpdateEvent(-1, 0, 0, u, UpdateJson.of(u))));
    UpdateStreams streams = new UpdateStreams(ring, TOPIC, 20, p -> {
      throw new UnsupportedOperationException("no catch-up in this test");
    }, extent);
    // wired as GatewayMain wires it
    RecentUpdates recent = new RecentUpdates(ring, streams::tokens, null, () -> { }, () -> { });
    Principal all = new Principal.ApiTokenHolder("all");

    assertThat(epochOf(recent.matching(x -> true, 10).resumeToken())).isEqualTo(3);

    epoch = 9; // what the fan-out's refreshEpoch learns when it finds the topic recreated (FanOutResetIT)

    RecentUpdates.Snapshot after = recent.channel("c1", all, 10);
    assertThat(after.updates()).hasSize(1);
    assertThat(epochOf(after.resumeToken())).isEqualTo(9);
    assertThat(epochOf(recent.feed("mm://feed", all, 10).resumeToken())).isEqualTo(9);
    assertThat(streams.tokens().epoch()).isEqualTo(9);
  }

  private static int epochOf(String token) {
    return ResumeToken.read(TOPIC, token, 1).epoch();
  }
}
