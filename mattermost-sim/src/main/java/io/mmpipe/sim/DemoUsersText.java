package io.mmpipe.sim;

import java.util.List;

/**
 * The demo identities as a person reads them at startup (SimMain, {@code ./mmpipe demo}): how each logs in, its
 * token, and the channels it may read. The simulator's credentials are fixtures, not secrets, so they are printed.
 */
public final class DemoUsersText {

  private DemoUsersText() {}

  public static String render(List<DemoUser> users) {
    StringBuilder sb = new StringBuilder(
        "Demo users (POST /api/v4/users/login, or the token as Authorization: Bearer):\n");
    for (DemoUser u : users) {
      sb.append(String.format("  %-6s password %-16s token %s%n", u.username(), u.password(), u.token()));
      sb.append("         may read ").append(u.channelIds().size()).append(" channels: ")
          .append(String.join("; ", u.channelLabels())).append('\n');
    }
    return sb.toString();
  }
}
