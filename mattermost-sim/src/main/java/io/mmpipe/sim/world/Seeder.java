package io.mmpipe.sim.world;

import io.mmpipe.sim.model.AccessToken;
import io.mmpipe.sim.model.Channel;
import io.mmpipe.sim.model.User;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Plants the seeded world (SeedData) into an empty store; ids come from the seeded generator, so a seed repeats. */
final class Seeder {

  private Seeder() {}

  /** Returns the bot's user id. */
  static String plant(ActionContext w, boolean botIsAdmin) {
    long t = w.clock.next();
    w.store.setTeam(w.ids.next(), SeedData.TEAM, t);
    String bot = w.ids.next();
    w.store.putUser(new User(bot, SeedData.BOT, "mmpipe", "bot", SeedData.BOT + "@localhost", true, botIsAdmin, t,
        false), seededToken(w, bot));
    List<String> humans = new ArrayList<>();
    for (String name : SeedData.USERS) {
      String id = w.ids.next();
      String first = Character.toUpperCase(name.charAt(0)) + name.substring(1);
      w.store.putUser(new User(id, name, first, "Example", name + "@acme.example", false, false, t,
          SeedData.DEMO_USERS.contains(name)), seededToken(w, id));
      w.store.setPassword(id, SeedData.password(name));
      humans.add(id);
    }
    List<String> everyone = new ArrayList<>(humans);
    everyone.add(bot);
    for (String name : SeedData.PUBLIC_WITH_BOT) {
      addChannel(w, 'O', name, SeedData.displayName(name), bot, everyone, t);
    }
    addChannel(w, 'P', SeedData.PRIVATE, "Ops", bot, withBot(bot, humans, SeedData.PRIVATE_MEMBERS), t);
    addChannel(w, 'D', bot + "__" + humans.get(0), "", bot, List.of(bot, humans.get(0)), t);
    addChannel(w, 'G', w.ids.next(), "alice, bob, mmpipe-bot", bot, List.of(bot, humans.get(0), humans.get(1)), t);
    addChannel(w, 'O', SeedData.PUBLIC_WITHOUT_BOT, "Random", humans.get(0), humans, t);
    // the identities' world (appended, so the channels above keep their ids and their order in botChannelIds)
    addChannel(w, 'P', SeedData.LEADERSHIP, "Leadership", humans.get(0),
        withBot(bot, humans, SeedData.LEADERSHIP_MEMBERS), t);
    String alice = humans.get(0);
    String bob = humans.get(1);
    String dmName = alice.compareTo(bob) < 0 ? alice + "__" + bob : bob + "__" + alice;
    addChannel(w, 'D', dmName, "", alice, List.of(alice, bob), t);
    addChannel(w, 'G', w.ids.next(), "bob, carol, mmpipe-bot", bob, withBot(bot, humans, SeedData.SECOND_GROUP), t);
    return bot;
  }

  private static AccessToken seededToken(ActionContext w, String userId) {
    // the token value comes from the world's ids as it always has, so seeded tokens do not change with this field
    return new AccessToken(w.tokenIds.next(), w.ids.next(), userId, "seeded", true);
  }

  private static List<String> withBot(String bot, List<String> humans, List<String> names) {
    return Stream.concat(Stream.of(bot), names.stream().map(n -> humans.get(SeedData.USERS.indexOf(n)))).toList();
  }

  private static void addChannel(ActionContext w, char type, String name, String display, String creator,
      List<String> members, long t) {
    String team = type == 'D' || type == 'G' ? "" : w.store.teamId();
    w.store.putChannel(
        new Channel(w.ids.next(), team, type, name, display, creator, t, t, 0, t, 0, Set.copyOf(members)));
  }
}
