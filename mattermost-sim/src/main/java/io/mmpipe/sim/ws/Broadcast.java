package io.mmpipe.sim.ws;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Who gets an event, in Mattermost's terms: user_id wins over channel_id, which wins over team_id; omit_users are
 * skipped. {@code copy} splits post_deleted into the sanitized (non-admin) and sensitive (admin) copies.
 */
public record Broadcast(Set<String> omitUsers, String userId, String channelId, String teamId, Copy copy) {

  public enum Copy { ALL, SANITIZED, SENSITIVE }

  public Broadcast {
    omitUsers = omitUsers == null ? null : Set.copyOf(omitUsers);
  }

  public static Broadcast toChannel(String channelId) {
    return new Broadcast(null, "", channelId, "", Copy.ALL);
  }

  public static Broadcast toUser(String userId) {
    return new Broadcast(null, userId, "", "", Copy.ALL);
  }

  /** thread_updated: the server fills both; user_id decides who gets it. */
  public static Broadcast toUserInTeam(String userId, String teamId) {
    return new Broadcast(null, userId, "", teamId, Copy.ALL);
  }

  public static Broadcast toTeam(String teamId) {
    return new Broadcast(null, "", "", teamId, Copy.ALL);
  }

  public Broadcast omitting(String userId) {
    return new Broadcast(Set.of(userId), this.userId, channelId, teamId, copy);
  }

  public Broadcast onlyFor(Copy a) {
    return new Broadcast(omitUsers, userId, channelId, teamId, a);
  }

  /** The six-field broadcast object of current servers, plus the sanitized/sensitive marker. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (omitUsers == null) {
      m.put("omit_users", null);
    } else {
      Map<String, Boolean> o = new LinkedHashMap<>();
      omitUsers.forEach(u -> o.put(u, true));
      m.put("omit_users", o);
    }
    m.put("user_id", userId);
    m.put("channel_id", channelId);
    m.put("team_id", teamId);
    m.put("connection_id", "");
    m.put("omit_connection_id", "");
    if (copy == Copy.SANITIZED) {
      m.put("contains_sanitized_data", true);
    } else if (copy == Copy.SENSITIVE) {
      m.put("contains_sensitive_data", true);
    }
    return m;
  }
}
