package io.mmpipe.mattermost.rest;

import static io.mmpipe.mattermost.rest.MattermostApiException.Kind.AUTH;
import static io.mmpipe.mattermost.rest.MattermostApiException.Kind.FORBIDDEN;
import static io.mmpipe.mattermost.rest.MattermostApiException.Kind.NOT_FOUND;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.runtime.config.Secret;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Users, presence and teams, called on the simulator over HTTP. */
class UsersApiIT extends SimulatorClients {

  @Test
  void shouldKnowWhoTheTokenIsAndFindOtherUsers() {
    assertThat(bot.users().me().path("id").asText()).isEqualTo(sim.botUserId());
    assertThat(as(alice).users().me().path("username").asText()).isEqualTo("alice");
    assertThat(bot.users().get(bob).path("username").asText()).isEqualTo("bob");
    SimulatorClients.assertFails(() -> bot.users().get("nosuchuser0000000000000000"), NOT_FOUND, 404);
    List<String> named = new ArrayList<>();
    bot.users().byIds(List.of(alice, bob, "nosuchuser0000000000000000"))
        .forEach(u -> named.add(u.path("username").asText()));
    assertThat(named).containsExactlyInAnyOrder("alice", "bob");
    List<String> found = new ArrayList<>();
    bot.users().search("car", teamId, 10).forEach(u -> found.add(u.path("username").asText()));
    assertThat(found).containsExactly("carol");
  }

  @Test
  void shouldSayWhichTokenWasRejected() {
    try (MattermostClient wrong = bot.withToken(Secret.of("not-a-valid-token"), "the caller's Mattermost token")) {
      SimulatorClients.assertFails(() -> wrong.users().me(), AUTH, 401)
          .hasMessageContaining("the caller's Mattermost token").hasMessageNotContaining("not-a-valid-token");
    }
    // closing a client made with withToken leaves the shared one working
    assertThat(bot.users().me().path("id").asText()).isEqualTo(sim.botUserId());
  }

  @Test
  void shouldSetOwnStatusAndReadItSingleAndByIds() {
    JsonNode set = as(alice).users().setStatus(alice, "dnd");
    assertThat(set.path("status").asText()).isEqualTo("dnd");
    assertThat(bot.users().status(alice).path("status").asText()).isEqualTo("dnd");
    JsonNode many = bot.users().statuses(List.of(alice, bob, "nosuchuser0000000000000000"));
    assertThat(many).hasSize(2);
    List<String> statuses = new ArrayList<>();
    many.forEach(s -> statuses.add(s.path("user_id").asText() + "=" + s.path("status").asText()));
    assertThat(statuses).contains(alice + "=dnd");
  }

  @Test
  void shouldForbidSettingSomeoneElsesStatus() {
    SimulatorClients.assertFails(() -> as(bob).users().setStatus(alice, "away"), FORBIDDEN, 403);
  }

  @Test
  void shouldListTheTeamsOfTheToken() {
    JsonNode teams = bot.teams().mine();
    assertThat(teams).hasSize(1);
    assertThat(teams.get(0).path("name").asText()).isEqualTo("acme");
    assertThat(bot.teams().myTeamIds()).containsExactly(teamId);
  }
}
