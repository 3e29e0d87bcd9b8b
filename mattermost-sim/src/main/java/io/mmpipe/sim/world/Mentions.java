package io.mmpipe.sim.world;

import io.mmpipe.sim.model.Channel;
import io.mmpipe.sim.model.Store;
import io.mmpipe.sim.model.User;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The users a message @-mentions: only members of the channel count, as on the server. */
final class Mentions {

  private static final Pattern MENTION = Pattern.compile("@([a-z0-9.\\-_]+)");

  private Mentions() {}

  /** Mentioned member ids in order of first mention, each once. */
  static List<String> of(Store store, String message, Channel channel) {
    List<String> out = new ArrayList<>();
    Matcher m = MENTION.matcher(message);
    while (m.find()) {
      String name = m.group(1);
      for (User u : store.users()) {
        if (u.username().equals(name) && channel.isMember(u.id()) && !out.contains(u.id())) {
          out.add(u.id());
        }
      }
    }
    return out;
  }

  /** Whether the message mentions this user by name. */
  static boolean mentions(String message, String username) {
    Matcher m = MENTION.matcher(message);
    while (m.find()) {
      if (m.group(1).equals(username)) {
        return true;
      }
    }
    return false;
  }
}
