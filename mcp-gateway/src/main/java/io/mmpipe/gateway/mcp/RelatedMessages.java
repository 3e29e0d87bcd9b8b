package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Where a method sends notifications that belong to its request (progress, log messages) before it answers. On
 * HTTP the first one turns the answer into an SSE stream that ends with the response.
 */
@FunctionalInterface
public interface RelatedMessages {

  /** Drops everything (a client that does not accept an event stream, or a test). */
  RelatedMessages NONE = notification -> { };

  void send(ObjectNode notification);
}
