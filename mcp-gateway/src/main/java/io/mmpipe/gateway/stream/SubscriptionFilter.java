package io.mmpipe.gateway.stream;

import io.mmpipe.schemas.avro.ResourceUpdate;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which updates a subscriber wants. Each dimension is a set of accepted values; an empty set accepts anything.
 * Dimensions combine with AND, values within one with OR.
 */
public record SubscriptionFilter(Set<String> resources, Set<String> channelIds, Set<String> teamIds,
                                 Set<String> types) {

  public static final SubscriptionFilter ALL = new SubscriptionFilter(Set.of(), Set.of(), Set.of(), Set.of());
  private static final int MAX_VALUES = 500;

  public SubscriptionFilter {
    resources = Set.copyOf(resources);
    channelIds = Set.copyOf(channelIds);
    teamIds = Set.copyOf(teamIds);
    types = Set.copyOf(types);
  }

  /**
   * Reads {@code resource}, {@code channel_id}, {@code team_id} and {@code type} from query parameters; each may be
   * repeated or hold a comma-separated list.
   *
   * @throws IllegalArgumentException (message fit for a client) for a malformed resource uri or too many values
   */
  public static SubscriptionFilter fromQuery(Map<String, List<String>> query) {
    Set<String> resources = values(query, "resource");
    for (String r : resources) {
      boolean feed = r.startsWith("mattermost://") && r.length() > "mattermost://".length();
      if (!feed && !r.equals(StreamDirectory.BROADCASTS)) {
        throw new IllegalArgumentException("resource must be a mattermost:// uri or " + StreamDirectory.BROADCASTS
            + " (was '" + r + "')");
      }
    }
    return new SubscriptionFilter(resources, values(query, "channel_id"), values(query, "team_id"),
        values(query, "type"));
  }

  private static Set<String> values(Map<String, List<String>> query, String name) {
    Set<String> out = new LinkedHashSet<>();
    for (String v : query.getOrDefault(name, List.of())) {
      Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
    }
    if (out.size() > MAX_VALUES) {
      throw new IllegalArgumentException(name + " accepts at most " + MAX_VALUES + " values");
    }
    return out;
  }

  public boolean matches(ResourceUpdate u) {
    return accepts(resources, u.getResourceUri())
        && accepts(channelIds, u.getChannelId())
        && accepts(teamIds, u.getTeamId())
        && accepts(types, u.getUpdateType());
  }

  private static boolean accepts(Set<String> allowed, String value) {
    return allowed.isEmpty() || (value != null && allowed.contains(value));
  }
}
