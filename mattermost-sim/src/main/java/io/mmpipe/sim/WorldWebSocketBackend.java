package io.mmpipe.sim;

import io.mmpipe.sim.model.Ids;
import io.mmpipe.sim.model.User;
import io.mmpipe.sim.world.LockedWorld;
import io.mmpipe.sim.ws.Backend;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The WebSocket layer's {@link Backend} answered by the world: connects the two without either package knowing the
 * other.
 */
final class WorldWebSocketBackend implements Backend {

  private final LockedWorld world;
  private final Ids connectionIds;
  private final Supplier<String> version;

  WorldWebSocketBackend(LockedWorld world, Ids connectionIds, Supplier<String> version) {
    this.world = world;
    this.connectionIds = connectionIds;
    this.version = version;
  }

  @Override
  public Optional<String> userIdForToken(String token) {
    return Optional.ofNullable(world.userByToken(token)).map(User::id);
  }

  @Override
  public void typing(String userId, String channelId, String parentId) {
    world.typing(userId, channelId, parentId);
  }

  @Override
  public Map<String, String> statuses(Collection<String> userIds) {
    return world.read(s -> {
      Map<String, String> out = new LinkedHashMap<>();
      if (userIds == null) {
        s.users().forEach(u -> out.put(u.id(), s.status(u.id())));
      } else {
        userIds.forEach(id -> s.user(id).ifPresent(u -> out.put(u.id(), s.status(u.id()))));
      }
      return out;
    });
  }

  @Override
  public String newId() {
    return connectionIds.next();
  }

  @Override
  public long now() {
    return world.clock().peek();
  }

  @Override
  public String serverVersion() {
    return version.get();
  }

  @Override
  public boolean isChannelMember(String channelId, String userId) {
    return world.isChannelMember(channelId, userId);
  }

  @Override
  public boolean isTeamMember(String teamId, String userId) {
    return world.isTeamMember(teamId, userId);
  }

  @Override
  public boolean isAdmin(String userId) {
    return world.isAdmin(userId);
  }
}
