package io.mmpipe.streams.updates;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.schemas.avro.GenericPayload;
import io.mmpipe.schemas.avro.RawEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code gap} event (docs/contracts.md): the ingestor's catch-up could not reach every change of a channel. Passed
 * on as one {@code gap} update per resource the missing changes belong to (new posts, post changes, reactions), so
 * every subscriber of that channel hears of it; the id is the gap's window, so a repeated report collapses.
 */
public final class GapUpdates {

  /** The resources a gap in a channel's post changes can hide updates of, with the short name used in ids. */
  private static final List<String[]> RESOURCES = List.of(
      new String[] {Updates.NEW_CHANNEL_POSTS, "posts"},
      new String[] {Updates.POST_CHANGES, "changes"},
      new String[] {Updates.REACTIONS, "reactions"});

  private GapUpdates() {}

  /** Why a gap event is unusable, or null: the processor's validation sends such events to the DLQ. */
  public static String problem(RawEvent e) {
    JsonNode d = data(e);
    if (d == null || !d.isObject()) {
      return "gap: data_json is not a JSON object";
    }
    if (!d.path("channel_id").isTextual() || d.path("channel_id").asText().isBlank()) {
      return "gap without channel_id";
    }
    if (!d.path("from").canConvertToLong() || !d.path("to").canConvertToLong()
        || d.path("to").asLong() < d.path("from").asLong()) {
      return "gap without a from <= to window";
    }
    return null;
  }

  public static List<Candidate> derive(RawEvent e) {
    JsonNode d = data(e);
    String channel = d.path("channel_id").asText();
    long from = d.path("from").asLong();
    long to = d.path("to").asLong();
    List<Candidate> out = new ArrayList<>(RESOURCES.size());
    for (String[] r : RESOURCES) {
      out.add(Updates.update("gap_" + channel + "_" + from + "_" + to + "_" + r[1], r[0], "gap",
          g -> g.writeTree(d), to, channel, e.getTeamId(), null, e));
    }
    return out;
  }

  private static JsonNode data(RawEvent e) {
    if (!(e.getPayload() instanceof GenericPayload g)) {
      return null;
    }
    try {
      return Updates.MAPPER.readTree(g.getDataJson());
    } catch (Exception ex) {
      return null;
    }
  }
}
