package io.mmpipe.sim.rest;

import io.mmpipe.sim.model.ApiException;
import io.mmpipe.sim.model.Channel;
import io.mmpipe.sim.model.User;

/** Read permission as Mattermost grants it: team members read public channels; others need membership. */
final class Access {

  private Access() {}

  static boolean canRead(User u, Channel c, String teamId) {
    if (c.isMember(u.id())) {
      return true;
    }
    return c.isOpen() && c.teamId().equals(teamId);
  }

  static void requireRead(User u, Channel c, String teamId) {
    if (!canRead(u, c, teamId)) {
      throw ApiException.forbidden();
    }
  }
}
