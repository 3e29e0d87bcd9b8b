package io.mmpipe.sim.world;

import java.util.List;

/** The seeded world every simulator starts with (names only; ids come from the seeded id generator). */
final class SeedData {

  static final String TEAM = "acme";
  static final String BOT = "mmpipe-bot";
  static final List<String> USERS = List.of("alice", "bob", "carol", "dave", "erin");
  /** Public channels everyone (bot included) is in. */
  static final List<String> PUBLIC_WITH_BOT = List.of("town-square", "off-topic", "engineering");
  /** Private channel: bot, alice, bob, carol. */
  static final String PRIVATE = "ops";
  static final List<String> PRIVATE_MEMBERS = List.of("alice", "bob", "carol");
  /** Public channel the bot is NOT in: proves membership rules (events only to members, REST still readable). */
  static final String PUBLIC_WITHOUT_BOT = "random";
  /** The two demo identities: they log in with {@link #password} and may manage their own access tokens. */
  static final List<String> DEMO_USERS = List.of("alice", "bob");
  /** Private channel only one demo user is in: bot, alice, carol (not bob). */
  static final String LEADERSHIP = "leadership";
  static final List<String> LEADERSHIP_MEMBERS = List.of("alice", "carol");
  /** A group message without alice: bot, bob, carol. */
  static final List<String> SECOND_GROUP = List.of("bob", "carol");

  private SeedData() {}

  /** Every seeded human's password (the simulator's credentials are fixtures, not secrets). */
  static String password(String username) {
    return username + "-password";
  }

  static String displayName(String name) {
    StringBuilder sb = new StringBuilder();
    for (String part : name.split("-")) {
      if (!sb.isEmpty()) {
        sb.append(' ');
      }
      sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return sb.toString();
  }
}
