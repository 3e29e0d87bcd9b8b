package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.mmpipe.gateway.sse.SseWriter;
import io.mmpipe.gateway.stream.Subscription;
import io.mmpipe.gateway.stream.SubscriptionFilter;
import io.mmpipe.gateway.stream.UpdateStreams;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code subscriptions/listen} (2026-07-28): one long POST answered as SSE. First
 * {@code notifications/subscriptions/acknowledged} with the subset honoured, then a
 * {@code notifications/resources/updated} per matching update, each with the subscription id (the request id) in
 * {@code _meta}, and {@code notifications/resources/list_changed} when asked for ({@code resourcesListChanged}); on
 * graceful shutdown the final response. The client ends it by closing the stream. Tool and prompt list changes are
 * never honoured: those lists do not change while an instance runs.
 */
final class ListenHandler {

  private static final Logger log = LoggerFactory.getLogger(ListenHandler.class);
  private final ResourceRegistry resources;
  private final UpdateStreams updates;
  private final OpenStreams streams;
  private final NotificationPump pump;

  ListenHandler(ResourceRegistry resources, UpdateStreams updates, OpenStreams streams, NotificationPump pump) {
    this.resources = resources;
    this.updates = updates;
    this.streams = streams;
    this.pump = pump;
  }

  void handle(Context ctx, Message m, Call call) throws IOException, InterruptedException {
    Set<String> uris = requested(m.params(), call);
    boolean listChanges = m.params().path("notifications").path("resourcesListChanged").asBoolean(false);
    if (!updates.ready()) {
      throw new McpError(JsonRpc.INTERNAL_ERROR, "the update stream is starting; retry", null, 503);
    }
    ObjectNode honoured = JsonRpc.JSON.createObjectNode();
    ArrayNode list = honoured.putArray("resourceSubscriptions");
    uris.forEach(list::add);
    if (listChanges) {
      honoured.put("resourcesListChanged", true);
    }
    try (OpenStreams.Handle handle = streams.open(null);
         Subscription sub = updates.open(new UpdateStreams.Live(), SubscriptionFilter.ALL,
             call.principal()::canSee)) {
      // the broadcasts' subscriptions too are live before the acknowledgement: nothing after it is missed
      List<Subscription> others = pump.openOthers(call.principal());
      SseWriter w = Responses.sse(ctx);
      ObjectNode ack = JsonRpc.JSON.createObjectNode();
      ack.putObject("_meta").set(ModernRules.META_SUBSCRIPTION, m.id());
      ack.set("notifications", honoured);
      w.event("message", null, JsonRpc.notification("notifications/subscriptions/acknowledged", ack).toString());
      w.flush();
      try {
        ObjectNode listChanged = null;
        if (listChanges) {
          ObjectNode p = JsonRpc.JSON.createObjectNode();
          p.putObject("_meta").set(ModernRules.META_SUBSCRIPTION, m.id());
          listChanged = JsonRpc.notification(ServerInfo.LIST_CHANGED, p);
        }
        pump.run(sub, others, call.principal(), w, handle, () -> uris, uri -> updated(m.id(), uri), listChanged,
            false);
        if (handle.draining()) {
          ObjectNode result = JsonRpc.JSON.createObjectNode().put("resultType", "complete");
          result.putObject("_meta").set(ModernRules.META_SUBSCRIPTION, m.id());
          w.event("message", null, JsonRpc.result(m.id(), result).toString()).flush();
        }
      } catch (IOException e) {
        log.debug("listen stream closed by the client: {}", e.toString());
      }
    }
  }

  private Set<String> requested(ObjectNode params, Call call) {
    JsonNode n = params.get("notifications");
    if (n != null && !n.isNull() && !n.isObject()) {
      throw McpError.invalidParams("notifications must be an object");
    }
    Set<String> uris = new LinkedHashSet<>();
    JsonNode subs = n == null ? null : n.get("resourceSubscriptions");
    if (subs != null && !subs.isNull()) {
      if (!subs.isArray()) {
        throw McpError.invalidParams("resourceSubscriptions must be an array of uris");
      }
      for (JsonNode u : subs) {
        if (!u.isTextual() || u.asText().length() > ResourceRegistry.MAX_URI) {
          throw McpError.invalidParams("resourceSubscriptions must hold uris");
        }
        if (resources.changes(u.asText()).isEmpty()) {
          throw call.resourceNotFound(u.asText());
        }
        uris.add(u.asText());
      }
    }
    if (uris.size() > io.mmpipe.gateway.mcp.session.SessionStore.MAX_SUBSCRIPTIONS) {
      throw McpError.invalidParams("at most " + io.mmpipe.gateway.mcp.session.SessionStore.MAX_SUBSCRIPTIONS
          + " resource subscriptions per listen");
    }
    return uris;
  }

  private static ObjectNode updated(JsonNode subscriptionId, String uri) {
    ObjectNode p = JsonRpc.JSON.createObjectNode();
    p.putObject("_meta").set(ModernRules.META_SUBSCRIPTION, subscriptionId);
    p.put("uri", uri);
    return JsonRpc.notification("notifications/resources/updated", p);
  }
}
