package io.mmpipe.ingestor.rest;

import io.mmpipe.schemas.avro.Post;
import java.util.List;

/**
 * The post rows of a {@code since} query (thread roots that were only attached for context are not included).
 *
 * @param rows   rows in the server's {@code order}, edit-history rows included (callers skip them)
 * @param capped whether the since query hit the 1000-row cap and a page walk filled in
 */
public record PostRows(List<Post> rows, boolean capped) {}
