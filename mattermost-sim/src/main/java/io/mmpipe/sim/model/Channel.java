package io.mmpipe.sim.model;

import java.util.LinkedHashSet;
import java.util.Set;

/** A channel with its members; replaced, never mutated, so readers outside the world lock see a snapshot. */
public record Channel(String id, String teamId, char type, String name, String displayName, String creatorId,
                      long createAt, long updateAt, long deleteAt, long lastPostAt, long totalMsgCount,
                      Set<String> members) {

  public Channel {
    members = Set.copyOf(members);
  }

  public boolean isMember(String userId) {
    return members.contains(userId);
  }

  public boolean isOpen() {
    return type == 'O';
  }

  public boolean isDirectOrGroup() {
    return type == 'D' || type == 'G';
  }

  public Channel withMember(String userId, boolean member, long at) {
    Set<String> m = new LinkedHashSet<>(members);
    if (member) {
      m.add(userId);
    } else {
      m.remove(userId);
    }
    return new Channel(id, teamId, type, name, displayName, creatorId, createAt, at, deleteAt, lastPostAt,
        totalMsgCount, m);
  }

  public Channel withDisplayName(String dn, long at) {
    return new Channel(id, teamId, type, name, dn, creatorId, createAt, at, deleteAt, lastPostAt, totalMsgCount,
        members);
  }

  public Channel deleted(long at) {
    return new Channel(id, teamId, type, name, displayName, creatorId, createAt, at, at, lastPostAt, totalMsgCount,
        members);
  }

  public Channel withPostAt(long at) {
    return new Channel(id, teamId, type, name, displayName, creatorId, createAt, updateAt, deleteAt, at,
        totalMsgCount + 1, members);
  }
}
