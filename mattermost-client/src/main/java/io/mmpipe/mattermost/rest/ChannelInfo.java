package io.mmpipe.mattermost.rest;

/**
 * A channel the bot can read.
 *
 * @param teamId "" for direct and group messages
 * @param type   O, P, D or G
 */
public record ChannelInfo(String id, String teamId, String type, String name, long deleteAt) {}
