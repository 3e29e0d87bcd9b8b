package io.mmpipe.sim.rest;

import io.mmpipe.sim.model.ApiException;
import io.mmpipe.sim.model.Channel;
import io.mmpipe.sim.model.User;

/**
 * Read permission as Mattermost grants it: team members read public channels; private channels, direct and group
 * messages need membership (403 {@code api.context.permissions.app_error}), except for a system admin, whose role
 * holds read_channel everywhere (SessionHasPermissionToChannel falls back to the system-wide permission).
 */
final class Access {

  private Access() {}

  static boolean canRead(User u, Channel c, String teamId) {
    if (c.isMember(u.id()) || u.admin()) {
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
