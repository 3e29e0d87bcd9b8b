package io.mmpipe.mattermost.rest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The post rows of a {@code since} query (thread roots that were only attached for context are not included).
 *
 * @param rows   the Post objects in the server's {@code order}, edit-history rows included (callers skip them)
 * @param capped whether the since query hit the 1000-row cap and a page walk filled in
 */
public record PostRows(List<JsonNode> rows, boolean capped) {

  public PostRows {
    rows = List.copyOf(rows);
  }
}
