package io.mmpipe.gateway.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;

/**
 * JSON text for threads that live as long as a connection (an SSE stream's request thread, a WebSocket
 * subscription's pump). {@code JsonNode.toString()} borrows Jackson's buffers from a thread-local pool, so each such
 * thread would keep about 8 KiB of them for its whole life, idle or not; this mapper borrows from one pool of at most
 * {@link #POOLED} buffer sets shared by all threads.
 */
public final class JsonText {

  /** Buffer sets kept between uses (each about 8 KiB); more writers at once allocate and then drop theirs. */
  static final int POOLED = 64;
  static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .recyclerPool(JsonRecyclerPools.newBoundedPool(POOLED)).build());

  private JsonText() {}

  /** {@code node} as compact JSON, as {@code toString()} writes it. */
  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // a tree of our own building always serializes
    }
  }
}
