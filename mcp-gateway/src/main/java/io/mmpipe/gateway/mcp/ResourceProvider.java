package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.security.Principal;
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

  /** The concrete resources {@code call}'s principal may see; the fixed list unless the provider's list is dynamic. */
  default List<ObjectNode> resources(Call call) {
    return resources();
  }

  /**
   * For one stream of {@code principal}'s: true for an update after which {@link #resources(Call)} lists something
   * it did not list before (the stream then sends {@code notifications/resources/list_changed}). The predicate may
   * keep state; each stream gets its own. Never true for a provider whose list is fixed.
   */
  default Predicate<ResourceUpdate> listChanges(Principal principal) {
    return u -> false;
  }

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
