package io.mmpipe.gateway.stream;

import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Where a subscriber asked to start, read the same way by every transport: a resume token wins; otherwise
 * {@code from} is {@code live} (the default; {@code latest} is its older name), {@code earliest}, or an ISO-8601
 * duration ({@code PT10M}: the updates Kafka stamped in the last ten minutes).
 */
public final class StreamStart {

  /** How far back a duration may reach; longer asks are nearly always typos (and {@code earliest} exists). */
  static final Duration MAX_BACK = Duration.ofDays(366);

  private StreamStart() {}

  /**
   * @param token a resume token, or null/blank
   * @param from  {@code live}, {@code earliest}, an ISO-8601 duration, or null/blank for live
   * @throws IllegalArgumentException with a message fit for a client, for a bad {@code from}
   */
  public static UpdateStreams.StartAt parse(String token, String from, Clock clock) {
    if (token != null && !token.isBlank()) {
      return new UpdateStreams.FromToken(token.trim());
    }
    if (from == null || from.isBlank() || from.equals("live") || from.equals("latest")) {
      return new UpdateStreams.Live();
    }
    if (from.equals("earliest")) {
      return new UpdateStreams.Earliest();
    }
    Duration back;
    try {
      back = Duration.parse(from.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("from must be 'live', 'earliest' or an ISO-8601 duration such as PT10M"
          + " (was '" + clip(from) + "')");
    }
    if (back.isNegative() || back.isZero() || back.compareTo(MAX_BACK) > 0) {
      throw new IllegalArgumentException("from must be a positive duration of at most " + MAX_BACK.toDays()
          + " days (was '" + clip(from) + "')");
    }
    return new UpdateStreams.Since(clock.millis() - back.toMillis());
  }

  private static String clip(String s) {
    return s.length() > 64 ? s.substring(0, 64) + "…" : s;
  }
}
