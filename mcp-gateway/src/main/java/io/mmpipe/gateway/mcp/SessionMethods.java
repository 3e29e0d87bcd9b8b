package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.mcp.session.InstanceBus;
import io.mmpipe.gateway.mcp.session.SessionStore;
import io.mmpipe.gateway.stream.Subscription;
import io.mmpipe.gateway.stream.SubscriptionFilter;
import io.mmpipe.gateway.stream.UpdateStreams;
import java.util.Set;

/**
 * The methods that exist only with sessions (2025-11-25 and before): {@code ping}, {@code logging/setLevel},
 * {@code resources/subscribe} and {@code resources/unsubscribe}; and the modern {@code server/discover}.
 */
final class SessionMethods {

  static final Set<String> LOG_LEVELS = Set.copyOf(Call.LEVELS);

  private SessionMethods() {}

  /** Where subscription changes go: this instance's streams at once, other instances' over the bus. */
  record Announcer(SessionStore sessions, OpenStreams streams, InstanceBus bus, UpdateStreams updates) {

    /** Tells the session's stream, wherever it is, its subscriptions and the position they start from. */
    void changed(String sessionId) {
      Set<String> subs = sessions.subscriptions(sessionId);
      streams.subscriptionsChanged(sessionId, subs, null);
      ObjectNode body = JsonRpc.JSON.createObjectNode();
      subs.forEach(body.putArray("uris")::add);
      body.put("since", position());
      bus.publish(new InstanceBus.Note(SUBSCRIPTIONS, sessionId, null, body.toString()));
    }

    /** Where this instance is in the update stream now: every update acknowledged later lies after it. */
    private String position() {
      if (!updates.ready()) {
        return null;
      }
      try (Subscription s = updates.open(new UpdateStreams.Live(), SubscriptionFilter.ALL, u -> false)) {
        return s.token();
      }
    }
  }

  /** The bus note that carries a session's subscriptions to the instance holding its stream. */
  static final String SUBSCRIPTIONS = "subscriptions";

  static void install(MethodRegistry methods, SessionStore sessions, ResourceRegistry resources, Announcer announce,
                      String serverVersion) {
    methods.add("ping", MethodRegistry.LEGACY_ONLY, (call, params) -> JsonRpc.JSON.createObjectNode());
    methods.add("logging/setLevel", MethodRegistry.LEGACY_ONLY, (call, params) -> {
      String level = params.path("level").asText(null);
      if (level == null || !LOG_LEVELS.contains(level)) {
        throw McpError.invalidParams("level must be one of " + LOG_LEVELS);
      }
      sessions.logLevel(call.session().id(), level);
      return JsonRpc.JSON.createObjectNode();
    });
    methods.add("resources/subscribe", MethodRegistry.LEGACY_ONLY, (call, params) -> {
      String uri = ResourceRegistry.uri(params);
      if (resources.changes(uri).isEmpty()) {
        throw call.resourceNotFound(uri);
      }
      String id = call.session().id();
      if (!sessions.subscribe(id, uri)) {
        throw McpError.invalidParams("a session may hold at most " + SessionStore.MAX_SUBSCRIPTIONS
            + " subscriptions");
      }
      announce.changed(id);
      return JsonRpc.JSON.createObjectNode();
    });
    methods.add("resources/unsubscribe", MethodRegistry.LEGACY_ONLY, (call, params) -> {
      String uri = ResourceRegistry.uri(params);
      String id = call.session().id();
      sessions.unsubscribe(id, uri);
      announce.changed(id);
      return JsonRpc.JSON.createObjectNode();
    });
    methods.add("server/discover", MethodRegistry.MODERN_ONLY, new MethodRegistry.Caching(300_000, "public"),
        (call, params) -> {
          ObjectNode r = JsonRpc.JSON.createObjectNode();
          r.set("supportedVersions", Versions.all());
          r.set("capabilities", ServerInfo.modernCapabilities());
          r.set("serverInfo", ServerInfo.implementation(serverVersion));
          r.put("instructions", ServerInfo.INSTRUCTIONS);
          return r;
        });
  }
}
