package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.mmpipe.gateway.mcp.session.InstanceBus;
import io.mmpipe.gateway.mcp.session.SessionRecord;
import io.mmpipe.gateway.mcp.session.SessionStore;
import io.mmpipe.gateway.security.Principal;
import io.mmpipe.gateway.security.PrincipalResolver;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /mcp}: reads one JSON-RPC message, decides its era, applies that era's rules (sessions, or
 * {@code _meta} and headers) and dispatches it through the {@link MethodRegistry}. Every failure is a JSON-RPC error
 * with the right code and HTTP status; nothing unexpected escapes as an HTTP 500 or a stack trace.
 */
final class McpHandler {

  private static final Logger log = LoggerFactory.getLogger(McpHandler.class);
  /** The session-not-found code the TypeScript SDK uses with its 404, so clients that read codes recognise it. */
  static final int SESSION_NOT_FOUND = -32001;
  /** The methods that may answer input_required (2026-07-28), and the param naming their target. */
  private static final java.util.Map<String, String> INPUT_METHODS = java.util.Map.of(
      "tools/call", "name", "prompts/get", "name", "resources/read", "uri");

  private final MethodRegistry methods;
  private final SessionStore sessions;
  private final PendingRequests pending;
  private final PrincipalResolver principals;
  private final ListenHandler listen;
  private final McpSettings settings;
  private final RequestStates states;
  private final ClientRequests clientRequests;
  private final ToolRegistry tools;
  private final InstanceBus bus;

  McpHandler(MethodRegistry methods, SessionStore sessions, PendingRequests pending, PrincipalResolver principals,
             ListenHandler listen, McpSettings settings, RequestStates states, ClientRequests clientRequests,
             ToolRegistry tools, InstanceBus bus) {
    this.tools = tools;
    this.bus = bus;
    this.states = states;
    this.clientRequests = clientRequests;
    this.methods = methods;
    this.sessions = sessions;
    this.pending = pending;
    this.principals = principals;
    this.listen = listen;
    this.settings = settings;
  }

  void post(Context ctx) {
    JsonNode id = null;
    try {
      Message m = Message.parse(body(ctx));
      id = m.id();
      if (m.isResponse()) {
        answer(ctx, m);
        return;
      }
      if (ModernRules.isModern(ctx, m)) {
        modern(ctx, m);
      } else {
        legacy(ctx, m);
      }
    } catch (McpError e) {
      Responses.error(ctx, id, e);
    } catch (SessionStore.Unavailable e) {
      Responses.error(ctx, id, storeDown());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      Responses.error(ctx, id, new McpError(JsonRpc.INTERNAL_ERROR, "the server is shutting down", null, 503));
    } catch (IOException e) {
      log.debug("MCP client went away: {}", e.toString());
    } catch (RuntimeException e) {
      log.error("unexpected failure serving {} {}", ctx.method(), ctx.path(), e);
      Responses.error(ctx, id, new McpError(JsonRpc.INTERNAL_ERROR, "internal error", null, 200));
    }
  }

  /**
   * An answer to a server-to-client request (legacy input): to the call waiting here, else to the instance that
   * asked, over the bus (the asking call holds its response stream there). One nobody waits for is dropped.
   */
  private void answer(Context ctx, Message m) {
    String sid = ctx.header("Mcp-Session-Id");
    if (sid != null && !clientRequests.answer(sid.trim(), m.id(), m.response()) && m.id() != null
        && m.id().isTextual() && m.id().asText().startsWith(ClientRequests.PREFIX)
        && SessionStore.wellFormed(sid.trim())) {
      bus.publish(new InstanceBus.Note(ANSWER, sid.trim(), m.id().asText(), m.response().toString()));
    }
    ctx.status(202);
  }

  /** Bus notes: a client's answer, and a cancellation, for a request another instance runs. */
  static final String ANSWER = "answer";
  static final String CANCEL = "cancel";

  static McpError storeDown() {
    ObjectNode data = JsonRpc.JSON.createObjectNode().put("retryable", true).put("statelessVersion",
        Versions.MODERN);
    return new McpError(JsonRpc.INTERNAL_ERROR, "sessions are unavailable: the session store (Redis) is "
        + "unreachable; retry later, or use protocol " + Versions.MODERN + ", which needs no session", data, 503);
  }

  private byte[] body(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > settings.maxBodyBytes()) {
      throw tooLarge();
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] b = in.readNBytes(settings.maxBodyBytes() + 1);
      if (b.length > settings.maxBodyBytes()) {
        throw tooLarge();
      }
      return b;
    } catch (IOException e) {
      throw new McpError(JsonRpc.PARSE_ERROR, "could not read the request body", null, 400);
    }
  }

  private McpError tooLarge() {
    return new McpError(JsonRpc.INVALID_REQUEST, "request body larger than " + settings.maxBodyBytes() + " bytes",
        null, 413);
  }

  private void modern(Context ctx, Message m) throws InterruptedException, IOException {
    String version = ModernRules.validate(ctx, m);
    if ("tools/call".equals(m.method()) && m.param("name") != null) {
      JsonNode args = m.params().get("arguments");
      ParamHeaders.check(ctx::header, tools.headerParams(m.param("name")),
          args instanceof ObjectNode o ? o : JsonRpc.JSON.createObjectNode());
    }
    if (m.isNotification()) {
      ctx.status(202);
      return;
    }
    ResponseChannel channel = new ResponseChannel(ctx);
    JsonNode meta = m.params().path("_meta");
    JsonNode level = meta.get(ModernRules.META_LOG_LEVEL);
    if (level != null && !(level.isTextual() && Call.LEVELS.contains(level.asText()))) {
      throw McpError.invalidParams("_meta[\"" + ModernRules.META_LOG_LEVEL + "\"] must be one of " + Call.LEVELS);
    }
    ClientInput input = INPUT_METHODS.containsKey(m.method())
        ? new ModernInput(states, m.method(), m.param(INPUT_METHODS.get(m.method())), m.params())
        : ClientInput.NONE;
    Call call = new Call(Era.MODERN, version, principals.resolve(ctx), m.id(), null, channel::gone, channel,
        progressToken(m), meta.get(ModernRules.META_CAPABILITIES), level == null ? null : level.asText(), input);
    if ("subscriptions/listen".equals(m.method())) {
      listen.handle(ctx, m, call);
      return;
    }
    dispatch(channel, m, call);
  }

  private void legacy(Context ctx, Message m) throws InterruptedException {
    String headerVersion = ctx.header("MCP-Protocol-Version");
    if (headerVersion != null && !Versions.isLegacy(headerVersion)) {
      throw ModernRules.unsupported(headerVersion);
    }
    if ("initialize".equals(m.method())) {
      if (!m.isRequest()) {
        throw McpError.invalidRequest("initialize must be a request (with an id)");
      }
      initialize(ctx, m);
      return;
    }
    SessionRecord session = session(ctx);
    String version = headerVersion != null ? headerVersion : Versions.LEGACY_DEFAULT;
    if (m.isNotification()) {
      switch (m.method()) {
        case "notifications/initialized" -> sessions.initialized(session.id());
        case "notifications/cancelled" -> {
          JsonNode requestId = m.params().get("requestId");
          if (requestId != null && (requestId.isTextual() || requestId.isIntegralNumber())
              && !pending.cancel(session.id(), requestId.asText())) {
            // not running here: the instance that runs it hears of it
            bus.publish(new InstanceBus.Note(CANCEL, session.id(), requestId.asText(), null));
          }
        }
        default -> { } // notifications we do not act on are acknowledged and dropped, as JSON-RPC wants
      }
      ctx.status(202);
      return;
    }
    String requestKey = m.id().asText();
    BooleanSupplier cancelled = pending.start(session.id(), requestKey);
    try {
      ResponseChannel channel = new ResponseChannel(ctx);
      dispatch(channel, m, new Call(Era.LEGACY, version, principals.resolve(ctx), m.id(), session,
          () -> cancelled.getAsBoolean() || channel.gone(), channel, progressToken(m), capabilities(session),
          null, new LegacyInput(clientRequests, channel, session.id(), settings.inputTimeout())));
    } finally {
      pending.done(session.id(), requestKey);
    }
  }

  private static JsonNode capabilities(SessionRecord session) {
    try {
      return JsonRpc.JSON.readTree(session.clientCapabilities());
    } catch (IOException | RuntimeException e) {
      return JsonRpc.JSON.createObjectNode();
    }
  }

  /** The request's legacy session: 400 without an id, 404 for one we do not know (the client re-initializes). */
  SessionRecord session(Context ctx) {
    String sid = ctx.header("Mcp-Session-Id");
    if (sid == null || sid.isBlank()) {
      throw new McpError(JsonRpc.INVALID_REQUEST, "Mcp-Session-Id header is required; send initialize first "
          + "(or use protocol " + Versions.MODERN + " without sessions)", null, 400);
    }
    return sessions.find(sid.trim()).orElseThrow(() -> new McpError(SESSION_NOT_FOUND,
        "session not found (expired or ended); initialize a new one", null, 404));
  }

  private void initialize(Context ctx, Message m) {
    JsonNode requested = m.params().get("protocolVersion");
    if (requested == null || !requested.isTextual()) {
      throw McpError.invalidParams("initialize needs params.protocolVersion");
    }
    JsonNode caps = m.params().get("capabilities");
    if (caps != null && !caps.isObject()) {
      throw McpError.invalidParams("capabilities must be an object");
    }
    JsonNode info = m.params().get("clientInfo");
    String version = Versions.isLegacy(requested.asText()) ? requested.asText() : Versions.LEGACY_LATEST;
    SessionRecord s = sessions.create(version, caps == null ? "{}" : caps.toString(),
        info == null || !info.isObject() ? "{}" : info.toString());
    ObjectNode result = JsonRpc.JSON.createObjectNode().put("protocolVersion", version);
    result.set("capabilities", ServerInfo.capabilities());
    result.set("serverInfo", ServerInfo.implementation(settings.serverVersion()));
    result.put("instructions", ServerInfo.INSTRUCTIONS);
    ctx.header("Mcp-Session-Id", s.id());
    Responses.json(ctx, 200, JsonRpc.result(m.id(), result));
  }

  private void dispatch(ResponseChannel channel, Message m, Call call) throws InterruptedException {
    MethodRegistry.Entry e = methods.find(m.method(), call.era()).orElseThrow(() -> new McpError(
        JsonRpc.METHOD_NOT_FOUND, "method not found: " + m.method(), null, call.modern() ? 404 : 200));
    ObjectNode result;
    try {
      result = e.method().call(call, m.params());
    } catch (InputRequired needs) {
      result = needs.result(); // modern only: ModernInput is the only source
      ModernRules.decorate(result, null, settings.serverVersion());
      channel.finish(JsonRpc.result(m.id(), result), 200);
      return;
    } catch (McpError err) {
      channel.finish(JsonRpc.error(m.id(), err), err.httpStatus());
      return;
    } catch (SessionStore.Unavailable err) {
      McpError down = storeDown();
      channel.finish(JsonRpc.error(m.id(), down), down.httpStatus());
      return;
    } catch (RuntimeException err) {
      log.error("unexpected failure in {}", m.method(), err);
      channel.finish(JsonRpc.error(m.id(), new McpError(JsonRpc.INTERNAL_ERROR, "internal error", null, 200)), 200);
      return;
    }
    if (call.modern()) {
      ModernRules.decorate(result, e.caching(), settings.serverVersion());
    }
    channel.finish(JsonRpc.result(m.id(), result), 200);
  }

  private static JsonNode progressToken(Message m) {
    JsonNode t = m.params().path("_meta").get("progressToken");
    return t != null && (t.isTextual() || t.isIntegralNumber()) ? t : null;
  }

  /** For the stream handlers: who is asking. */
  Principal principal(Context ctx) {
    return principals.resolve(ctx);
  }
}
