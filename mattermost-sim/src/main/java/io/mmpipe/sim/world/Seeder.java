package io.mmpipe.sim.world;

import io.mmpipe.sim.model.Channel;
import io.mmpipe.sim.model.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Plants the seeded world (SeedData) into an empty store; ids come from the seeded generator, so a seed repeats. */
final class Seeder {

  private Seeder() {}

  /** Returns the bot's user id. */
  static String plant(ActionContext w, boolean botIsAdmin) {
    long t = w.clock.next();
    w.store.setTeam(w.ids.next(), SeedData.TEAM, t);
    String bot = w.ids.next();
    w.store.putUser(new User(bot, SeedData.BOT, "mmpipe", "bot", SeedData.BOT + "@localhost", true, botIsAdmin, t),
        w.ids.next());
    List<String> humans = new ArrayList<>();
    for (String name : SeedData.USERS) {
      String id = w.ids.next();
      String first = Character.toUpperCase(name.charAt(0)) + name.substring(1);
      w.store.putUser(new User(id, name, first, "Example", name + "@acme.example", false, false, t), w.ids.next());
      humans.add(id);
    }
    List<String> everyone = new ArrayList<>(humans);
    everyone.add(bot);
    for (String name : SeedData.PUBLIC_WITH_BOT) {
      addChannel(w, 'O', name, SeedData.displayName(name), bot, everyone, t);
    }
    List<String> ops = new ArrayList<>(List.of(bot));
    for (String n : SeedData.PRIVATE_MEMBERS) {
      ops.add(humans.get(SeedData.USERS.indexOf(n)));
    }
    addChannel(w, 'P', SeedData.PRIVATE, "Ops", bot, ops, t);
    addChannel(w, 'D', bot + "__" + humans.get(0), "", bot, List.of(bot, humans.get(0)), t);
    addChannel(w, 'G', w.ids.next(), "alice, bob, mmpipe-bot", bot, List.of(bot, humans.get(0), humans.get(1)), t);
    addChannel(w, 'O', SeedData.PUBLIC_WITHOUT_BOT, "Random", humans.get(0), humans, t);
    return bot;
  }

  private static void addChannel(ActionContext w, char type, String name, String display, String creator,
      List<String> members, long t) {
    String team = type == 'D' || type == 'G' ? "" : w.store.teamId();
    w.store.putChannel(
        new Channel(w.ids.next(), team, type, name, display, creator, t, t, 0, t, 0, Set.copyOf(members)));
  }
}
