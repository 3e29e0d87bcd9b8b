package io.mmpipe.mattermost.rest;

import static io.mmpipe.mattermost.rest.MattermostApiException.Kind.FORBIDDEN;
import static io.mmpipe.mattermost.rest.MattermostApiException.Kind.NOT_FOUND;
import static io.mmpipe.mattermost.rest.MattermostApiException.Kind.PERMANENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Channels and members, called on the simulator over HTTP. */
class ChannelsApiIT extends SimulatorClients {

  private List<String> memberIds(String channelId) {
    List<String> ids = new ArrayList<>();
    bot.channels().members(channelId, 0, 200).forEach(m -> ids.add(m.path("user_id").asText()));
    return ids;
  }

  @Test
  void shouldListTheUsersChannelsOfATeamWithDirectAndGroupMessages() {
    List<ChannelInfo> mine = bot.channels().myChannels(teamId);
    assertThat(mine).extracting(ChannelInfo::type).contains("O", "P", "D", "G");
    assertThat(mine).extracting(ChannelInfo::name).contains("town-square", "ops").doesNotContain("random");
    List<String> daves = new ArrayList<>();
    as(dave).channels().forUser(dave, teamId).forEach(c -> daves.add(c.path("name").asText()));
    assertThat(daves).contains("random").doesNotContain("ops");
    SimulatorClients.assertFails(() -> as(dave).channels().forUser(alice, teamId), FORBIDDEN, 403);
  }

  @Test
  void shouldGetAChannelAndRefuseAPrivateOneToANonMember() {
    assertThat(bot.channels().get(ops).path("type").asText()).isEqualTo("P");
    SimulatorClients.assertFails(() -> as(dave).channels().get(ops), FORBIDDEN, 403);
    SimulatorClients.assertFails(() -> bot.channels().get("nosuchchannel0000000000000"), NOT_FOUND, 404)
        .hasMessageContaining("app.channel.get.existing.app_error");
  }

  @Test
  void shouldCreateAChannelOnceAndRefuseTheSameNameAgain() {
    JsonNode c = bot.channels().create(new NewChannel(teamId, "launch-room", "Launch Room", 'P', "launch", null));
    assertThat(c.path("name").asText()).isEqualTo("launch-room");
    assertThat(c.path("display_name").asText()).isEqualTo("Launch Room");
    assertThat(c.path("type").asText()).isEqualTo("P");
    assertThat(memberIds(c.path("id").asText())).containsExactly(sim.botUserId());
    SimulatorClients.assertFails(() -> bot.channels().create(new NewChannel(teamId, "launch-room", "Again", 'O',
        null, null)), PERMANENT, 400).hasMessageContaining("store.sql_channel.save_channel.exists.app_error");
    assertThatThrownBy(() -> new NewChannel(teamId, "Bad Name", "x", 'O', null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldAddListAndRemoveMembers() {
    String room = bot.channels().create(new NewChannel(teamId, "members-room", "Members", 'O', null, null))
        .path("id").asText();
    JsonNode member = bot.channels().addMember(room, alice);
    assertThat(member.path("user_id").asText()).isEqualTo(alice);
    assertThat(member.path("channel_id").asText()).isEqualTo(room);
    assertThat(memberIds(room)).containsExactlyInAnyOrder(sim.botUserId(), alice);
    bot.channels().removeMember(room, alice);
    assertThat(memberIds(room)).containsExactly(sim.botUserId());
    SimulatorClients.assertFails(() -> bot.channels().removeMember(room, alice), NOT_FOUND, 404);
  }

  @Test
  void shouldLetANonMemberJoinAPublicChannelButNotAddOthersToAPrivateOne() {
    String open = bot.channels().create(new NewChannel(teamId, "open-room", "Open", 'O', null, null))
        .path("id").asText();
    as(dave).channels().addMember(open, dave);
    assertThat(memberIds(open)).contains(dave);
    SimulatorClients.assertFails(() -> as(dave).channels().addMember(ops, dave), FORBIDDEN, 403);
    SimulatorClients.assertFails(() -> as(dave).channels().removeMember(ops, alice), FORBIDDEN, 403);
  }

  @Test
  void shouldRefuseToLeaveTheDefaultChannel() {
    SimulatorClients.assertFails(() -> bot.channels().removeMember(townSquare, sim.botUserId()), PERMANENT, 400)
        .hasMessageContaining("api.channel.remove.default.app_error");
  }
}
