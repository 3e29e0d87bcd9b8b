package io.mmpipe.sim.load;

import java.util.List;
import java.util.Random;

/**
 * Team-chat text for the load generator: a small built-in set of sentences combined by the caller's seeded random,
 * so a seed always gives the same conversation. Messages read like a working team's channel (deploys, reviews,
 * incidents, lunch) so that a demo or a subscriber test looks at something plausible, with @mentions of channel
 * members and the emoji people actually use.
 */
final class ChatCorpus {

  private static final List<String> OPENERS = List.of(
      "Morning all!",
      "Heads up:",
      "From my side:",
      "FYI:",
      "Status update:",
      "Small thing,",
      "Before standup:",
      "Reminder:");

  private static final List<String> STATEMENTS = List.of(
      "the staging deploy is done and smoke tests are green.",
      "I'm rolling out the config change to the EU cluster after lunch.",
      "the nightly export took twice as long as usual, looking into it.",
      "can someone review my PR for the retry logic? It's small.",
      "the flaky login test failed again on main.",
      "we hit the rate limit on the billing API around 10:40.",
      "I moved the planning meeting to Thursday at 14:00.",
      "dashboards are back, the metrics gap was a scrape timeout.",
      "who owns the alert for disk usage on the build agents?",
      "the release notes draft is in the shared folder, comments welcome.",
      "I'm out tomorrow afternoon, ping me before noon if you need anything.",
      "latency on search is up about 30% since yesterday's deploy.",
      "the customer demo went well, they asked about SSO again.",
      "we should bump the client library before the next release.",
      "the on-call handover doc is updated for this week.",
      "CI is queueing for ages, I think one runner is stuck.",
      "is anyone else seeing 502s from the internal proxy?",
      "new hire onboarding starts Monday, I'll set up their accounts.",
      "the database migration ran cleanly in staging.",
      "coffee machine on floor 3 is fixed, finally.",
      "lunch at the noodle place today? Leaving at 12:15.",
      "the backup restore drill succeeded in 18 minutes.",
      "I closed the stale tickets from last sprint.",
      "feature flag for the new editor is on for 10% of users.");

  private static final List<String> REPLIES = List.of(
      "Thanks, looking now.",
      "On it.",
      "Sounds good to me.",
      "Approved, merge when CI is green.",
      "I can take that one.",
      "Same here, started around the same time.",
      "Can you share the logs?",
      "Nice work!",
      "Let's discuss at standup.",
      "I think that's the cache TTL again.",
      "Confirmed, rolling back.",
      "Works for me now after a refresh.",
      "Count me in.",
      "Which environment?",
      "Good catch, I'll open a ticket.",
      "Not yet, will check after this meeting.");

  private static final List<String> EDIT_NOTES = List.of(
      "(edit: fixed the time)",
      "(edit: wrong link, updated)",
      "(edit: it was the US cluster, not EU)",
      "(edit: resolved now)",
      "(edit: typo)",
      "(edit: adding context below)");

  /** Realistic attachments: name, mime type, and a plausible size range in bytes. */
  record Attachment(String name, String mimeType, long size) {}

  private static final List<String[]> FILES = List.of(
      new String[] {"screenshot-%d.png", "image/png"},
      new String[] {"whiteboard-%d.jpg", "image/jpeg"},
      new String[] {"incident-notes-%d.pdf", "application/pdf"},
      new String[] {"metrics-export-%d.csv", "text/csv"},
      new String[] {"build-%d.log", "text/plain"},
      new String[] {"design-review-%d.pptx",
          "application/vnd.openxmlformats-officedocument.presentationml.presentation"});

  /** Standard shortcodes plus custom emoji (custom names use - and _ as real teams' do). */
  static final List<String> EMOJIS = List.of("+1", "eyes", "tada", "heart", "rocket", "white_check_mark", "joy",
      "thinking_face", "100", "pray", "party-parrot", "ship_it", "this-is-fine", "lgtm_stamp");

  private ChatCorpus() {}

  /** A root post: one or two sentences, sometimes addressed to a member. */
  static String post(Random random, List<String> memberNames) {
    StringBuilder sb = new StringBuilder();
    if (random.nextInt(4) == 0) {
      sb.append(pick(random, OPENERS)).append(' ');
    }
    String statement = pick(random, STATEMENTS);
    // a sentence starts capitalised; after an opener ending in ':' or ',' it simply continues
    boolean continues = !sb.isEmpty() && (sb.charAt(sb.length() - 2) == ':' || sb.charAt(sb.length() - 2) == ',');
    sb.append(continues ? statement : capitalised(statement));
    if (random.nextInt(5) == 0) {
      sb.append(' ').append(capitalised(pick(random, STATEMENTS)));
    }
    return mention(random, memberNames, sb.toString(), 5);
  }

  static String reply(Random random, List<String> memberNames) {
    return mention(random, memberNames, pick(random, REPLIES), 4);
  }

  /** The edited text keeps the original and appends a correction note, as people edit. */
  static String edit(Random random, String original) {
    return original + " " + pick(random, EDIT_NOTES);
  }

  static String emoji(Random random) {
    return pick(random, EMOJIS);
  }

  static Attachment attachment(Random random) {
    String[] kind = FILES.get(random.nextInt(FILES.size()));
    long size = 2_048 + random.nextInt(3_000_000);
    return new Attachment(String.format(kind[0], 100 + random.nextInt(9_900)), kind[1], size);
  }

  /** About one message in {@code oneIn} mentions a member, at the start or as a cc at the end. */
  private static String mention(Random random, List<String> memberNames, String text, int oneIn) {
    if (memberNames.isEmpty() || random.nextInt(oneIn) != 0) {
      return text;
    }
    String name = memberNames.get(random.nextInt(memberNames.size()));
    return random.nextBoolean() ? "@" + name + " " + text : text + " cc @" + name;
  }

  private static String pick(Random random, List<String> from) {
    return from.get(random.nextInt(from.size()));
  }

  private static String capitalised(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
