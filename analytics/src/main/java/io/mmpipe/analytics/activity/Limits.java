package io.mmpipe.analytics.activity;

/**
 * What bounds one window's state, whatever a channel does: the distinct users it remembers, the distinct emojis it
 * counts, and how many of those the output names.
 *
 * @param maxUsers     distinct users remembered per window; beyond it the count stops and is marked capped
 * @param maxEmojis    distinct emojis counted per window; reactions with further emojis count only in the total
 * @param topReactions emojis named in the output, most added first
 */
public record Limits(int maxUsers, int maxEmojis, int topReactions) {

  public Limits {
    if (maxUsers < 1 || maxEmojis < 1 || topReactions < 1 || topReactions > maxEmojis) {
      throw new IllegalArgumentException("limits must be positive and topReactions <= maxEmojis: " + maxUsers + ", "
          + maxEmojis + ", " + topReactions);
    }
  }
}
