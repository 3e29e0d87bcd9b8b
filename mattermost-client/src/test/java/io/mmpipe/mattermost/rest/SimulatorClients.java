package io.mmpipe.mattermost.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.runtime.config.Secret;
import io.mmpipe.sim.MattermostSim;
import io.mmpipe.sim.SimConfig;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the ITs that call the simulator over real HTTP: one simulator per class, the bot's client, and clients of
 * its seeded users (alice is in every team channel; dave is not in the private channel {@code ops}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SimulatorClients {

  MattermostSim sim;
  MattermostClient bot;
  String teamId;
  String alice;
  String bob;
  String dave;
  String townSquare;
  String ops;

  @BeforeAll
  void startSimulator() {
    sim = MattermostSim.start(SimConfig.defaults());
    bot = new MattermostClient(sim.baseUrl(), Secret.of(sim.botToken()), "MATTERMOST_TOKEN",
        new RestPolicy(1000, 3, Duration.ofMillis(20), Duration.ofSeconds(1), Duration.ofSeconds(10)));
    teamId = sim.world().teamId();
    List<String> users = sim.world().userIds();
    alice = users.get(0);
    bob = users.get(1);
    dave = users.get(3);
    townSquare = channelNamed("town-square");
    ops = channelNamed("ops");
  }

  @AfterAll
  void stopSimulator() {
    bot.close();
    sim.close();
  }

  /** A client acting with a seeded user's own token (sharing the bot client's policy). */
  MattermostClient as(String userId) {
    return bot.withToken(Secret.of(sim.world().tokenOf(userId)), "the token of " + userId);
  }

  String channelNamed(String name) {
    for (JsonNode c : bot.channels().forUser("me", teamId)) {
      if (c.path("name").asText().equals(name)) {
        return c.path("id").asText();
      }
    }
    throw new AssertionError("no channel " + name + " of the bot");
  }

  /** Asserts the call fails with a classified exception of this kind and status. */
  static AbstractThrowableAssert<?, ? extends Throwable> assertFails(ThrowingCallable call,
      MattermostApiException.Kind kind, int status) {
    return assertThatThrownBy(call).isInstanceOfSatisfying(MattermostApiException.class, e -> {
      assertThat(e.kind()).isEqualTo(kind);
      assertThat(e.status()).isEqualTo(status);
    });
  }
}
