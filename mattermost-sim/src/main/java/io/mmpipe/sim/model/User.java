package io.mmpipe.sim.model;

/** A user; the bot is a user with {@code isBot}. */
public record User(String id, String username, String firstName, String lastName, String email, boolean isBot,
                   boolean admin, long createAt) {

  public String roles() {
    return admin ? "system_user system_admin" : "system_user";
  }
}
