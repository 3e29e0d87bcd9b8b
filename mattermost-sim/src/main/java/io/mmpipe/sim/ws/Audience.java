package io.mmpipe.sim.ws;

/** What the hub needs to know about users to route events. */
public interface Audience {

  boolean isChannelMember(String channelId, String userId);

  boolean isTeamMember(String teamId, String userId);

  boolean isAdmin(String userId);
}
