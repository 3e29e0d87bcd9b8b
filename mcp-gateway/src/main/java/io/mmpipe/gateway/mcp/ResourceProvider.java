package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A family of resources: what it lists, the templates it answers, how it reads a uri and which updates of
 * {@code mm.updates} change a uri (what subscriptions notify on). Several providers may be registered; the first
 * that knows a uri answers for it.
 */
public interface ResourceProvider {

  /** Concrete resources: {@code {uri, name, title?, description?, mimeType?}}. */
  List<ObjectNode> resources();

  /** Templates: {@code {uriTemplate, name, title?, description?, mimeType?}}. */
  List<ObjectNode> templates();

  /** The contents of {@code uri}, or empty when this provider does not know it. */
  Optional<ArrayNode> read(String uri, Call call) throws InterruptedException;

  /** The updates that change {@code uri}, or empty when this provider does not know it. */
  Optional<Predicate<ResourceUpdate>> changes(String uri);

  /**
   * Values for argument {@code argument} of template {@code uriTemplate} that start with {@code prefix}
   * ({@code completion/complete}); empty when this provider has no suggestions or does not own the template.
   */
  default List<String> complete(String uriTemplate, String argument, String prefix, Call call) {
    return List.of();
  }
}
