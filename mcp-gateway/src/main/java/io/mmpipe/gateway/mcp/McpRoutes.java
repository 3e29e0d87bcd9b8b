package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.mmpipe.gateway.http.GatewayFeature;
import io.mmpipe.gateway.mcp.session.InstanceBus;
import io.mmpipe.gateway.mcp.session.SessionStore;
import io.mmpipe.gateway.mcp.session.TaskStore;
import io.mmpipe.gateway.metrics.GatewayMetrics;
import io.mmpipe.gateway.security.PrincipalResolver;
import io.mmpipe.gateway.stream.StreamDirectory;
import io.mmpipe.gateway.stream.UpdateStreams;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /mcp}: the MCP endpoint, both eras on one path. What it serves is registered, not hard-wired: add tools to
 * {@link #tools()}, resource providers to {@link #resources()} and prompts to {@link #prompts()} before the server
 * starts (the lists are read per request, so registration order is list order).
 *
 * <pre>{@code
 * McpRoutes mcp = new McpRoutes(settings, streams, sessions, principals, metrics);
 * mcp.tools().register(new PipelineStatusTool(...));
 * mcp.resources().register(new MattermostResources(...));
 * }</pre>
 */
public final class McpRoutes implements GatewayFeature {

  private static final Logger log = LoggerFactory.getLogger(McpRoutes.class);
  private final MethodRegistry methods = new MethodRegistry();
  private final ToolRegistry tools = new ToolRegistry();
  private final ResourceRegistry resources = new ResourceRegistry();
  private final PromptRegistry prompts = new PromptRegistry();
  private final SessionStore sessions;
  private final OpenStreams streams;
  private final PendingRequests pending;
  private final McpHandler posts;
  private final SessionStreamHandler sessionStreams;
  private final InstanceBus bus;
  private final ClientRequests clientRequests;
  private final TaskStore taskStore;
  private final Tasks tasks;

  /** A single instance: sessions in {@code sessions}, no other instance to tell anything. */
  public McpRoutes(McpSettings settings, UpdateStreams updates, SessionStore sessions, PrincipalResolver principals,
                   GatewayMetrics metrics) {
    this(settings, updates, sessions, TaskStore.NONE, InstanceBus.NONE, principals, metrics);
  }

  /**
   * @param sessions the legacy session store (owned from now on: closed with this feature)
   * @param taskStore where tasks are visible to every instance (owned from now on)
   * @param bus      how instances sharing the session store reach each other (owned from now on; started here)
   */
  public McpRoutes(McpSettings settings, UpdateStreams updates, SessionStore sessions, TaskStore taskStore,
                   InstanceBus bus, PrincipalResolver principals, GatewayMetrics metrics) {
    this(settings, new StreamDirectory(updates), sessions, taskStore, bus, principals, metrics);
  }

  /**
   * As above; subscriptions also notify about the resources with a stream of their own in {@code directory}
   * ({@code stream://broadcasts}).
   */
  public McpRoutes(McpSettings settings, StreamDirectory directory, SessionStore sessions, TaskStore taskStore,
                   InstanceBus bus, PrincipalResolver principals, GatewayMetrics metrics) {
    UpdateStreams updates = directory.updates();
    this.sessions = sessions;
    this.taskStore = taskStore;
    this.bus = bus;
    this.streams = new OpenStreams(settings.maxStreams());
    this.pending = new PendingRequests(settings.maxStreams() + settings.maxWaits());
    this.clientRequests = new ClientRequests(settings.maxStreams() + settings.maxWaits());
    NotificationPump pump = new NotificationPump(resources, directory, metrics, settings.keepAlive(),
        settings.refresh());
    this.tasks = new Tasks(settings.maxStreams() + settings.maxWaits(), Clock.systemUTC(), taskStore, bus);
    tasks.install(methods);
    tools.install(methods, settings.pageSize(), tasks);
    resources.install(methods, settings.pageSize());
    prompts.install(methods, settings.pageSize());
    Completions.install(methods, resources, prompts);
    SessionMethods.install(methods, sessions, resources, new SessionMethods.Announcer(sessions, streams, bus, updates),
        settings.serverVersion());
    byte[] key = settings.stateKey();
    if (key == null) {
      log.warn("MCP_STATE_KEY is not set: input_required states are signed with a random key of this process, so "
          + "another instance (or this one after a restart) rejects them; set the same MCP_STATE_KEY everywhere");
      key = RequestStates.randomKey();
    }
    this.posts = new McpHandler(methods, sessions, pending, principals,
        new ListenHandler(resources, updates, streams, pump), settings,
        new RequestStates(key, settings.stateTtl(), Clock.systemUTC()),
        clientRequests, tools, bus);
    this.sessionStreams = new SessionStreamHandler(posts, sessions, updates, streams, pump, settings.retry());
    bus.start(this::heard);
  }

  /** A note from another instance: acted on when what it concerns is here, ignored otherwise. */
  void heard(InstanceBus.Note note) {
    switch (note.kind()) {
      case McpHandler.ANSWER -> {
        try {
          if (JsonRpc.JSON.readTree(note.body()) instanceof ObjectNode r) {
            clientRequests.answer(note.session(), JsonRpc.JSON.getNodeFactory().textNode(note.id()), r);
          }
        } catch (IOException e) {
          log.warn("ignoring an answer note that is not JSON");
        }
      }
      case McpHandler.CANCEL -> pending.cancel(note.session(), note.id());
      case SessionMethods.SUBSCRIPTIONS -> {
        ObjectNode body;
        try {
          body = (ObjectNode) JsonRpc.JSON.readTree(note.body());
        } catch (IOException | ClassCastException e) {
          log.warn("ignoring a subscriptions note that is not a JSON object");
          return;
        }
        Set<String> uris = new LinkedHashSet<>();
        body.path("uris").forEach(u -> uris.add(u.asText()));
        streams.subscriptionsChanged(note.session(), uris, body.path("since").asText(null));
      }
      case Tasks.TASK_CANCEL, Tasks.TASK_UPDATE -> tasks.heard(note);
      default -> { } // a kind a newer instance sends: not ours to act on
    }
  }

  public ToolRegistry tools() {
    return tools;
  }

  public ResourceRegistry resources() {
    return resources;
  }

  public PromptRegistry prompts() {
    return prompts;
  }

  @Override
  public void routes(RoutesConfig routes) {
    routes.post("/mcp", posts::post);
    routes.get("/mcp", sessionStreams::get);
    routes.delete("/mcp", sessionStreams::delete);
  }

  /** Ends every stream before the server stops: listen streams send their final response. */
  @Override
  public void drain() {
    try {
      streams.drain(Duration.ofSeconds(3));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Streams open on this instance (tests of the bound). */
  int openStreams() {
    return streams.size();
  }

  @Override
  public void close() {
    bus.close();
    taskStore.close();
    sessions.close();
  }
}
