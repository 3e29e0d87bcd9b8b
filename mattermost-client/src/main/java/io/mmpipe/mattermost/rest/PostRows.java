package io.mmpipe.mattermost.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The changed post rows of a channel since a time (thread roots that were only attached for context are not
 * included).
 *
 * @param rows   the Post objects, edit-history rows included (callers skip them)
 * @param capped whether the since query hit the 1000-row cap and a page walk filled in
 * @param gap    what the API kept out of reach, or null when the rows are every change
 */
public record PostRows(List<JsonNode> rows, boolean capped, CatchUpGap gap) {

  public PostRows {
    rows = List.copyOf(rows);
    if (gap != null && !capped) {
      throw new IllegalArgumentException("only a capped answer leaves a gap");
    }
  }
}
