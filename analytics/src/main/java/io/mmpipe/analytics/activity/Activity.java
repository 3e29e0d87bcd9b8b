package io.mmpipe.analytics.activity;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import io.mmpipe.schemas.avro.ChannelActivity;
import io.mmpipe.schemas.avro.ReactionCount;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The running counts of one channel in one window: the aggregate kept in the window stores (as JSON: the state is
 * private to the job). Mutated in place by {@link #add}: Kafka Streams hands the aggregator a freshly read copy, and
 * copying a window's user set on every update would cost more than the update itself.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
    isGetterVisibility = Visibility.NONE)
public final class Activity {

  private long messages;
  private long edits;
  private long deletes;
  private long reactionsAdded;
  private long reactionsRemoved;
  private Set<String> users = new LinkedHashSet<>();
  private boolean usersCapped;
  private Map<String, Long> emojis = new LinkedHashMap<>();
  private long lastChangeAt;

  /** What one update means for activity; {@link #add} ignores every other kind. */
  public enum Kind { MESSAGE, EDIT, DELETE, REACTION_ADDED, REACTION_REMOVED, OTHER }

  /**
   * Counts one update into this window, within {@code limits}.
   *
   * @param user  who acted (null when the update names no one); counted for messages, edits and added reactions
   * @param emoji the emoji of a reaction, else null
   */
  public Activity add(Kind kind, String user, String emoji, long changeAt, Limits limits) {
    switch (kind) {
      case MESSAGE -> messages++;
      case EDIT -> edits++;
      case DELETE -> deletes++;
      case REACTION_ADDED -> {
        reactionsAdded++;
        if (emoji != null && (emojis.containsKey(emoji) || emojis.size() < limits.maxEmojis())) {
          emojis.merge(emoji, 1L, Long::sum);
        }
      }
      case REACTION_REMOVED -> reactionsRemoved++;
      case OTHER -> {
        return this;
      }
    }
    // a delete names the post's author, not who deleted it, and a removal is not activity of the remover we can
    // tell apart from a moderator's: only posting, editing and adding a reaction make a user active
    boolean acts = kind == Kind.MESSAGE || kind == Kind.EDIT || kind == Kind.REACTION_ADDED;
    if (acts && user != null && !users.contains(user)) {
      if (users.size() < limits.maxUsers()) {
        users.add(user);
      } else {
        usersCapped = true;
      }
    }
    lastChangeAt = Math.max(lastChangeAt, changeAt);
    return this;
  }

  /** The window's public record: counts, the distinct users, and the {@code limits.topReactions()} most added. */
  public ChannelActivity toRecord(String channelId, String window, long start, long end, Limits limits) {
    List<ReactionCount> top = new ArrayList<>();
    emojis.entrySet().stream()
        .sorted(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue).reversed()
            .thenComparing(Map.Entry::getKey))
        .limit(limits.topReactions())
        .forEach(e -> top.add(new ReactionCount(e.getKey(), e.getValue())));
    return ChannelActivity.newBuilder().setChannelId(channelId).setWindow(window).setWindowStart(start)
        .setWindowEnd(end).setMessages(messages).setEdits(edits).setDeletes(deletes)
        .setReactionsAdded(reactionsAdded).setReactionsRemoved(reactionsRemoved).setActiveUsers(users.size())
        .setActiveUsersCapped(usersCapped).setTopReactions(top).setLastChangeAt(lastChangeAt).build();
  }

  /** Distinct users remembered (at most the limit). */
  public int rememberedUsers() {
    return users.size();
  }

  /** Distinct emojis counted (at most the limit). */
  public int countedEmojis() {
    return emojis.size();
  }
}
