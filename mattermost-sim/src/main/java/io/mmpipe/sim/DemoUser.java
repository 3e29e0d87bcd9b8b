package io.mmpipe.sim;

import java.util.List;

/**
 * A seeded identity for tests and the demo: who it is, how it logs in, its seeded personal access token and the
 * channels it may read (its memberships: public, private, direct and group; deleted channels left out).
 */
public record DemoUser(String userId, String username, String password, String token, List<String> channelIds,
                       List<String> channelLabels) {

  public DemoUser {
    channelIds = List.copyOf(channelIds);
    channelLabels = List.copyOf(channelLabels);
  }
}
