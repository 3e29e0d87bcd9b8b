package io.mmpipe.sim.load;

import java.util.Optional;

/**
 * The message of a {@link io.mmpipe.sim.LoadGenerator.Mode#POSTS} post: {@code load post <slot> due-us=<due>
 * late-us=<late>}. {@code slot} counts from 0 at the load's start; {@code due} is the slot's time in microseconds
 * since the epoch (the wall clock, which another process on the same machine shares); {@code late} is how long after
 * it the generator made the post. A reader finds the stamp anywhere in a longer text (an event's JSON).
 */
public record LoadStamp(long slot, long dueMicros, long lateMicros) {

  static final String PREFIX = "load post ";

  public LoadStamp {
    if (slot < 0 || dueMicros < 0 || lateMicros < 0) {
      throw new IllegalArgumentException("a stamp's numbers are not negative");
    }
  }

  public String message() {
    return PREFIX + slot + " due-us=" + dueMicros + " late-us=" + lateMicros;
  }

  /** The first stamp in {@code text}, or empty when it holds none (or a malformed one). */
  public static Optional<LoadStamp> find(String text) {
    int at = text.indexOf(PREFIX);
    if (at < 0) {
      return Optional.empty();
    }
    int[] pos = {at + PREFIX.length()};
    long slot = number(text, pos, "");
    long due = number(text, pos, " due-us=");
    long late = number(text, pos, " late-us=");
    return slot < 0 || due < 0 || late < 0 ? Optional.empty() : Optional.of(new LoadStamp(slot, due, late));
  }

  /** The digits after {@code label} at {@code pos[0]} (advanced past them), or -1 when they are not there. */
  private static long number(String text, int[] pos, String label) {
    if (pos[0] < 0 || !text.startsWith(label, pos[0])) {
      pos[0] = -1;
      return -1;
    }
    int start = pos[0] + label.length();
    int end = start;
    while (end < text.length() && end - start < 18 && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
      end++;
    }
    if (end == start) {
      pos[0] = -1;
      return -1;
    }
    pos[0] = end;
    return Long.parseLong(text, start, end, 10);
  }
}
