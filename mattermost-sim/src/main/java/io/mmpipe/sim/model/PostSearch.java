package io.mmpipe.sim.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /teams/{id}/posts/search} as Mattermost's database search answers it: only channels the user is a
 * member of (public channels it has not joined are NOT searched), in the team or its direct and group messages;
 * live posts only; newest first. Terms are words matched whole and case-insensitively ({@code word*} matches a
 * prefix, {@code "two words"} a phrase), all of them unless {@code isOrSearch}; {@code from:username} and
 * {@code in:channel-name} narrow the search.
 */
public final class PostSearch {

  private static final Pattern TOKEN = Pattern.compile("(from:|in:)?(\"[^\"]*\"|\\S+)");

  private PostSearch() {}

  /** The parsed terms; {@code words} empty means "every post" of the narrowed set. */
  record Terms(List<String> words, List<String> fromUsers, List<String> inChannels) {}

  static Terms parse(String terms) {
    List<String> words = new ArrayList<>();
    List<String> from = new ArrayList<>();
    List<String> in = new ArrayList<>();
    Matcher m = TOKEN.matcher(terms);
    while (m.find()) {
      String value = m.group(2).replace("\"", "").toLowerCase(Locale.ROOT).trim();
      if (value.isEmpty()) {
        continue;
      }
      switch (m.group(1) == null ? "" : m.group(1)) {
        case "from:" -> from.add(value.startsWith("@") ? value.substring(1) : value);
        case "in:" -> in.add(value);
        default -> words.add(value);
      }
    }
    return new Terms(words, from, in);
  }

  public static PostList search(Store store, String userId, String terms, boolean isOrSearch, int page,
      int perPage) {
    Terms t = parse(terms);
    List<PostRow> hits = new ArrayList<>();
    for (Channel c : store.channels()) {
      if (c.deleteAt() > 0 || !c.isMember(userId) || !(c.teamId().equals(store.teamId()) || c.isDirectOrGroup())) {
        continue;
      }
      if (!t.inChannels().isEmpty() && !t.inChannels().contains(c.name())) {
        continue;
      }
      for (PostRow p : store.channelRows(c.id())) {
        if (!p.isDeleted() && !p.isHistory() && p.type().isEmpty() && fromMatches(store, p, t)
            && wordsMatch(p.message(), t.words(), isOrSearch)) {
          hits.add(p);
        }
      }
    }
    hits.sort(Comparator.comparingLong(PostRow::createAt).reversed().thenComparing(PostRow::id));
    int from = Math.min(hits.size(), page * perPage);
    List<PostRow> selected = hits.subList(from, Math.min(hits.size(), from + perPage));
    List<String> order = new ArrayList<>();
    Map<String, PostRow> posts = new LinkedHashMap<>();
    selected.forEach(p -> {
      order.add(p.id());
      posts.put(p.id(), p);
    });
    return new PostList(order, posts, "", "", false);
  }

  private static boolean fromMatches(Store store, PostRow p, Terms t) {
    return t.fromUsers().isEmpty()
        || store.user(p.userId()).map(u -> t.fromUsers().contains(u.username())).orElse(false);
  }

  private static boolean wordsMatch(String message, List<String> words, boolean any) {
    if (words.isEmpty()) {
      return true;
    }
    String text = " " + message.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_'*-]+", " ") + " ";
    for (String w : words) {
      boolean hit = w.endsWith("*")
          ? text.contains(" " + w.substring(0, w.length() - 1))
          : text.contains(" " + w.replaceAll("[^\\p{L}\\p{N}_'*-]+", " ") + " ");
      if (any && hit) {
        return true;
      }
      if (!any && !hit) {
        return false;
      }
    }
    return !any;
  }
}
