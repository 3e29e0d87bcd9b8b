package io.mmpipe.sim.world;

import io.mmpipe.sim.model.ApiException;
import io.mmpipe.sim.model.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Channel lifecycle and membership, with the events each change broadcasts. Under the world's lock. */
final class ChannelActions {

  private final ActionContext w;

  ChannelActions(ActionContext w) {
    this.w = w;
  }

  String create(String creatorId, String name, char type) {
    return create(creatorId, name, SeedData.displayName(name), type);
  }

  /** A channel made through REST: its name must be free in the team, like Mattermost's unique (team, name). */
  String createUnique(String creatorId, String name, String displayName, char type) {
    for (Channel c : w.store.channels()) {
      if (c.teamId().equals(w.store.teamId()) && c.name().equals(name)) {
        throw new ApiException(400, "store.sql_channel.save_channel.exists.app_error",
            "A channel with that name already exists on the same team.");
      }
    }
    return create(creatorId, name, displayName, type);
  }

  private String create(String creatorId, String name, String displayName, char type) {
    w.user(creatorId);
    if (type != 'O' && type != 'P') {
      throw new IllegalArgumentException("type must be O or P: " + type);
    }
    long at = w.clock.next();
    Channel c = new Channel(w.ids.next(), w.store.teamId(), type, name, displayName, creatorId, at, at, 0, at, 0,
        Set.of(creatorId));
    w.store.putChannel(c);
    w.events.channelCreated(c);
    return c.id();
  }

  /** The existing direct channel of the pair, or a new one. */
  String direct(String userA, String userB) {
    w.user(userA);
    w.user(userB);
    String name = userA.compareTo(userB) < 0 ? userA + "__" + userB : userB + "__" + userA;
    for (Channel c : w.store.channels()) {
      if (c.type() == 'D' && c.name().equals(name)) {
        return c.id();
      }
    }
    long at = w.clock.next();
    Channel c = new Channel(w.ids.next(), "", 'D', name, "", userA, at, at, 0, at, 0, Set.of(userA, userB));
    w.store.putChannel(c);
    w.events.directAdded(c, userA, userB);
    return c.id();
  }

  String group(List<String> userIds) {
    if (userIds.size() < 3) {
      throw new IllegalArgumentException("a group message needs at least 3 users");
    }
    List<String> names = new ArrayList<>();
    userIds.forEach(u -> names.add(w.user(u).username()));
    long at = w.clock.next();
    Channel c = new Channel(w.ids.next(), "", 'G', w.ids.next(), String.join(", ", names), userIds.get(0), at, at,
        0, at, 0, Set.copyOf(userIds));
    w.store.putChannel(c);
    w.events.groupAdded(c, userIds);
    return c.id();
  }

  void addMember(String channelId, String userId) {
    w.user(userId);
    Channel c = w.channel(channelId);
    if (c.isMember(userId)) {
      return;
    }
    Channel updated = c.withMember(userId, true, w.clock.next());
    w.store.putChannel(updated);
    w.events.userAdded(updated, userId);
  }

  /** {@code removerId}: who removed the user (the user themself when they left), as user_removed reports it. */
  void removeMember(String channelId, String userId, String removerId) {
    Channel c = w.channel(channelId);
    if (!c.isMember(userId)) {
      return;
    }
    Channel updated = c.withMember(userId, false, w.clock.next());
    w.store.putChannel(updated);
    w.events.userRemoved(updated, userId, removerId);
  }

  void update(String channelId, String displayName) {
    Channel updated = w.channel(channelId).withDisplayName(displayName, w.clock.next());
    w.store.putChannel(updated);
    w.events.channelUpdated(updated);
  }

  void delete(String channelId) {
    Channel c = w.channel(channelId);
    if (c.deleteAt() > 0) {
      return;
    }
    Channel deleted = c.deleted(w.clock.next());
    w.store.putChannel(deleted);
    w.events.channelDeleted(deleted);
  }

  /** Returns the viewed-at time stored for the channel. */
  long view(String userId, String channelId) {
    w.requireMember(channelId, userId);
    long at = w.clock.next(); // a fresh time: everything posted before the view counts as read
    w.store.setLastViewedAt(channelId, userId, at);
    w.events.multipleChannelsViewed(userId, Map.of(channelId, at));
    return at;
  }
}
