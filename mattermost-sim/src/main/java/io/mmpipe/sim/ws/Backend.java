package io.mmpipe.sim.ws;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** What the WebSocket layer needs from the rest of the simulator. */
public interface Backend extends Audience {

  Optional<String> userIdForToken(String token);

  /** A user_typing action; throws IllegalArgumentException or an ApiException when not allowed. */
  void typing(String userId, String channelId, String parentId);

  /** Statuses of these users, or of everyone when {@code userIds} is null. */
  Map<String, String> statuses(Collection<String> userIds);

  String newId();

  long now();

  String serverVersion();
}
