package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.security.Principal;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The resource providers; answers {@code resources/list}, {@code resources/templates/list} and {@code resources/read}.
 */
public final class ResourceRegistry {

  /** Longest uri accepted; also bounds what a session record holds per subscription. */
  static final int MAX_URI = 512;
  private final List<ResourceProvider> providers = new ArrayList<>();

  public ResourceRegistry register(ResourceProvider provider) {
    providers.add(provider);
    return this;
  }

  void install(MethodRegistry methods, int pageSize) {
    // the list follows the channels with recent activity, as the caller may see them
    MethodRegistry.Caching lists = new MethodRegistry.Caching(5_000, "private");
    methods.add("resources/list", MethodRegistry.BOTH, lists,
        (call, params) -> Pages.page("resources", all(p -> p.resources(call)), params, pageSize));
    methods.add("resources/templates/list", MethodRegistry.BOTH, new MethodRegistry.Caching(60_000, "public"),
        (call, params) -> Pages.page("resourceTemplates", all(ResourceProvider::templates), params, pageSize));
    // live feeds change with every update: a client may not reuse a read
    methods.add("resources/read", MethodRegistry.BOTH, new MethodRegistry.Caching(0, "private"), (call, params) -> {
      String uri = uri(params);
      for (ResourceProvider p : providers) {
        Optional<ArrayNode> contents = p.read(uri, call);
        if (contents.isPresent()) {
          ObjectNode out = JsonRpc.JSON.createObjectNode();
          out.set("contents", contents.get());
          return out;
        }
      }
      throw call.resourceNotFound(uri);
    });
  }

  /** Suggestions of every provider for a template argument. */
  List<String> complete(String uriTemplate, String argument, String prefix, Call call) {
    List<String> out = new ArrayList<>();
    providers.forEach(p -> out.addAll(p.complete(uriTemplate, argument, prefix, call)));
    return out;
  }

  /** What changes {@code uri}, or empty for a uri no provider knows. */
  public Optional<Predicate<ResourceUpdate>> changes(String uri) {
    for (ResourceProvider p : providers) {
      Optional<Predicate<ResourceUpdate>> c = p.changes(uri);
      if (c.isPresent()) {
        return c;
      }
    }
    return Optional.empty();
  }

  /** For one stream: true for an update after which the resource list holds something new (any provider's). */
  Predicate<ResourceUpdate> listChanges(Principal principal) {
    List<Predicate<ResourceUpdate>> each = providers.stream().map(p -> p.listChanges(principal)).toList();
    return u -> {
      boolean changed = false;
      for (Predicate<ResourceUpdate> p : each) {
        changed |= p.test(u); // every provider sees every update: each keeps its own state current
      }
      return changed;
    };
  }

  /** {@code params.uri}, checked. */
  static String uri(ObjectNode params) {
    var u = params.get("uri");
    if (u == null || !u.isTextual() || u.asText().isBlank()) {
      throw McpError.invalidParams("params.uri is required");
    }
    if (u.asText().length() > MAX_URI) {
      throw McpError.invalidParams("uri longer than " + MAX_URI + " characters");
    }
    return u.asText();
  }

  private List<ObjectNode> all(java.util.function.Function<ResourceProvider, List<ObjectNode>> f) {
    List<ObjectNode> out = new ArrayList<>();
    providers.forEach(p -> out.addAll(f.apply(p)));
    return out;
  }
}
