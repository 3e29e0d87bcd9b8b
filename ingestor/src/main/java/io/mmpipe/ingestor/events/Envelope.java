package io.mmpipe.ingestor.events;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What every WebSocket event carries besides its typed data: the name, the per-connection seq, the broadcast
 * routing fields, and the {@code data} object with Mattermost's JSON-string fields already parsed.
 *
 * @param event     the Mattermost event name, verbatim
 * @param seq       the per-connection sequence number (0 for hello)
 * @param channelId broadcast.channel_id ("" when absent)
 * @param teamId    broadcast.team_id ("" when absent)
 * @param userId    broadcast.user_id ("" when absent)
 * @param data      the data object, JSON-string fields parsed
 */
public record Envelope(String event, long seq, String channelId, String teamId, String userId, ObjectNode data) {}
