package io.mmpipe.gateway.security;

import java.util.Set;

/**
 * The channels an API token may read: every channel, or a fixed list of channel ids (the {@code [id|id]} part of a
 * {@code GATEWAY_API_TOKENS} entry).
 *
 * @param channels the ids, or null for every channel
 */
public record ChannelScope(Set<String> channels) {

  public static final ChannelScope ALL = new ChannelScope(null);

  public ChannelScope {
    channels = channels == null ? null : Set.copyOf(channels);
  }

  public static ChannelScope of(Set<String> channels) {
    return new ChannelScope(channels);
  }

  public boolean isAll() {
    return channels == null;
  }

  public boolean includes(String channelId) {
    return channels == null || channels.contains(channelId);
  }
}
