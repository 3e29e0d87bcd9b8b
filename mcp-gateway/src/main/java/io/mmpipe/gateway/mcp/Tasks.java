package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.mcp.session.InstanceBus;
import io.mmpipe.gateway.mcp.session.SessionStore;
import io.mmpipe.gateway.mcp.session.TaskStore;
import io.mmpipe.gateway.security.Principal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The 2026-07-28 Tasks extension (SEP-2663, {@code io.modelcontextprotocol/tasks}): a {@code tools/call} of a tool
 * with {@code taskSupport}, from a client that declared the extension, answers at once with a CreateTaskResult
 * ({@code resultType:"task"}) and runs the tool on a virtual thread; {@code tasks/get} reports it (with the result or
 * error inlined once terminal, or the pending {@code inputRequests}), {@code tasks/update} delivers answers to a task
 * waiting for client input, {@code tasks/cancel} cancels. A task runs on the instance that created it, for
 * {@link #TTL}; every change of its state is copied to the {@link TaskStore} (Redis), so any instance answers
 * {@code tasks/get}, and {@code tasks/update} and {@code tasks/cancel} reach the running instance over the
 * {@link InstanceBus}. Without Redis (or while it is down) each instance serves the tasks it runs.
 *
 * <p>A task belongs to the principal that created it (its {@link #owner kind and name}): {@code tasks/get},
 * {@code tasks/update} and {@code tasks/cancel} of another principal's task get the same answer as an unknown id.
 * There is no {@code tasks/list}: the Tasks extension (SEP-2663) removed it, so it is an unknown method (-32601). A
 * principal has at most {@link #MAX_PER_OWNER} unexpired tasks (on this instance, and in the store across
 * instances).
 */
final class Tasks {

  static final String EXTENSION = "io.modelcontextprotocol/tasks";
  static final Duration TTL = Duration.ofMinutes(10);
  private static final long POLL_MS = 250;
  private static final Logger log = LoggerFactory.getLogger(Tasks.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  static final int MAX_PER_OWNER = 100;

  /** Bus notes: a cancellation and input answers for a task another instance runs. */
  static final String TASK_CANCEL = "task-cancel";
  static final String TASK_UPDATE = "task-update";
  /** How long the shared store is left alone after it failed (tasks go on in memory meanwhile). */
  private static final Duration STORE_BACKOFF = Duration.ofSeconds(5);

  private final Map<String, Task> tasks = new ConcurrentHashMap<>();
  private final int max;
  private final Clock clock;
  private final TaskStore store;
  private final InstanceBus bus;
  private volatile long storeDownUntil;

  Tasks(int max, Clock clock) {
    this(max, clock, TaskStore.NONE, InstanceBus.NONE);
  }

  Tasks(int max, Clock clock, TaskStore store, InstanceBus bus) {
    this.max = max;
    this.clock = clock;
    this.store = store;
    this.bus = bus;
  }

  static boolean negotiated(Call call) {
    return call.modern() && call.clientCapabilities() != null
        && call.clientCapabilities().path("extensions").path(EXTENSION).isObject();
  }

  static McpError extensionRequired() {
    ObjectNode data = JsonRpc.JSON.createObjectNode();
    data.putObject("requiredCapabilities").putObject("extensions").putObject(EXTENSION);
    return new McpError(JsonRpc.MISSING_CAPABILITY, "this request needs the client capability extensions[\""
        + EXTENSION + "\"], which the client did not declare", data, 400);
  }

  void install(MethodRegistry methods) {
    methods.add("tasks/get", MethodRegistry.MODERN_ONLY, (call, params) -> {
      String id = id(call, params);
      Task t = local(id, call);
      return t != null ? t.detailed() : remote(id, call);
    });
    methods.add("tasks/update", MethodRegistry.MODERN_ONLY, (call, params) -> {
      String id = id(call, params);
      JsonNode responses = params.get("inputResponses");
      if (!(responses instanceof ObjectNode o)) {
        throw McpError.invalidParams("tasks/update needs inputResponses (an object)");
      }
      Task t = local(id, call);
      if (t != null) {
        t.answer(o);
      } else if ("input_required".equals(remote(id, call).path("status").asText())) {
        o.properties().forEach(e -> {
          if (!(e.getValue() instanceof ObjectNode)) {
            throw McpError.invalidParams("inputResponses." + e.getKey() + " must be the client's result object");
          }
        });
        bus.publish(new InstanceBus.Note(TASK_UPDATE, null, id, o.toString()));
      }
      return JsonRpc.JSON.createObjectNode();
    });
    methods.add("tasks/cancel", MethodRegistry.MODERN_ONLY, (call, params) -> {
      String id = id(call, params);
      Task t = local(id, call);
      if (t != null) {
        t.cancel();
      } else {
        try {
          store.cancel(id, owner(call.principal()), clock.instant().toString()).orElseThrow(() -> unknown(id));
        } catch (SessionStore.Unavailable e) {
          throw storeDown();
        }
        bus.publish(new InstanceBus.Note(TASK_CANCEL, null, id, null));
      }
      return JsonRpc.JSON.createObjectNode();
    });
  }

  /** A note from another instance about a task that may run here. */
  void heard(InstanceBus.Note note) {
    // the sending instance checked the owner (the note follows a tasks/update or tasks/cancel it accepted)
    Task t = note.id() == null ? null : tasks.get(note.id());
    if (t != null && t.expired()) {
      t = null;
    }
    if (t == null) {
      return;
    }
    if (TASK_CANCEL.equals(note.kind())) {
      t.cancel();
    } else if (TASK_UPDATE.equals(note.kind())) {
      try {
        if (JsonRpc.JSON.readTree(note.body()) instanceof ObjectNode o) {
          t.answer(o);
        }
      } catch (java.io.IOException | McpError e) {
        log.warn("ignoring task answers from another instance that are not usable: {}", e.getMessage());
      }
    }
  }

  /** Starts {@code tool} as a task; the answer is the CreateTaskResult (the task is already visible to tasks/get). */
  ObjectNode start(Call call, McpTool tool, ObjectNode arguments) {
    expire();
    if (tasks.size() >= max) {
      throw new McpError(JsonRpc.INTERNAL_ERROR, "too many tasks on this instance; retry later", null, 503);
    }
    String owner = owner(call.principal());
    if (tasks.values().stream().filter(x -> x.owner.equals(owner)).count() >= MAX_PER_OWNER) {
      throw tooManyOfOwner();
    }
    Task t = new Task(newId(), owner);
    if (!claim(t)) {
      throw tooManyOfOwner();
    }
    tasks.put(t.id, t);
    synchronized (t) {
      t.save();
    }
    Call taskCall = new Call(call.era(), call.protocolVersion(), call.principal(), call.requestId(), null,
        t::cancelled, RelatedMessages.NONE, null, call.clientCapabilities(), null, t);
    Thread.ofVirtual().name("mcp-task-" + t.id).start(() -> t.run(tool, taskCall, arguments));
    ObjectNode r = t.envelope();
    r.put("resultType", "task");
    return r;
  }

  private static McpError tooManyOfOwner() {
    return new McpError(JsonRpc.INTERNAL_ERROR, "too many tasks: at most " + MAX_PER_OWNER
        + " unexpired tasks per principal; wait for one to end or expire", null, 429);
  }

  /** Enters a new task in its owner's index in the store (skipped while the store is down: memory only). */
  private boolean claim(Task t) {
    long until = storeDownUntil;
    if (until != 0 && System.nanoTime() - until < 0) {
      return true;
    }
    try {
      return store.claim(t.owner, t.id, t.created.plus(TTL).toEpochMilli(), clock.millis(), MAX_PER_OWNER);
    } catch (SessionStore.Unavailable e) {
      storeDownUntil = System.nanoTime() + STORE_BACKOFF.toNanos();
      return true;
    }
  }

  /**
   * Who a task belongs to: the principal's kind and name (a Mattermost user by id, which a rename does not change),
   * so an API token named like a user is not that user.
   */
  static String owner(Principal p) {
    return switch (p) {
      case Principal.Anonymous a -> "anonymous";
      case Principal.ApiTokenHolder h -> "api_token:" + h.name();
      case Principal.MattermostUser u -> "mattermost_user:" + u.userId();
    };
  }

  private String id(Call call, ObjectNode params) {
    if (!negotiated(call)) {
      throw extensionRequired();
    }
    String id = params.path("taskId").asText(null);
    if (id == null) {
      throw new McpError(JsonRpc.INVALID_PARAMS, "params.taskId is required", null, 200);
    }
    return id;
  }

  /** The caller's task when it runs on this instance and has not expired, else null. */
  private Task local(String id, Call call) {
    Task t = tasks.get(id);
    return t == null || t.expired() || !t.owner.equals(owner(call.principal())) ? null : t;
  }

  /** The view another instance stored of the caller's task; another principal's is unknown, as a made-up id. */
  private ObjectNode remote(String id, Call call) {
    try {
      TaskStore.Stored stored = store.find(id).orElseThrow(() -> unknown(id));
      if (!stored.owner().equals(owner(call.principal()))) {
        throw unknown(id);
      }
      return (ObjectNode) JsonRpc.JSON.readTree(stored.json());
    } catch (SessionStore.Unavailable e) {
      throw storeDown();
    } catch (java.io.IOException | ClassCastException e) {
      throw unknown(id);
    }
  }

  private static McpError unknown(String id) {
    ObjectNode data = JsonRpc.JSON.createObjectNode().put("taskId", id);
    return new McpError(JsonRpc.INVALID_PARAMS, "unknown task: " + id, data, 200);
  }

  private static McpError storeDown() {
    ObjectNode data = JsonRpc.JSON.createObjectNode().put("retryable", true);
    return new McpError(JsonRpc.INTERNAL_ERROR, "this task is not on this instance and the task store (Redis) is "
        + "unreachable; retry later", data, 503);
  }

  private void expire() {
    tasks.values().removeIf(Task::expired);
  }

  private static String newId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** One task: its state machine, guarded by its monitor; it is also the client input of its tool. */
  private final class Task implements ClientInput {
    final String id;
    final String owner;
    final Instant created;
    Instant updated;
    String status = "working";
    ObjectNode result;
    ObjectNode error;
    final ObjectNode pending = JsonRpc.JSON.createObjectNode();
    final ObjectNode answers = JsonRpc.JSON.createObjectNode();
    volatile boolean cancelled;
    Thread runner;

    Task(String id, String owner) {
      this.id = id;
      this.owner = owner;
      this.created = clock.instant();
      this.updated = created;
    }

    void run(McpTool tool, Call call, ObjectNode arguments) {
      synchronized (this) {
        runner = Thread.currentThread();
      }
      try {
        ObjectNode r = tool.call(call, arguments).toJson();
        finish("completed", r, null);
      } catch (McpError e) {
        finish("failed", null, JsonRpc.error(null, e).get("error").deepCopy());
      } catch (InterruptedException e) {
        finish("cancelled", null, null);
      } catch (RuntimeException e) {
        log.warn("task {} of tool {} failed", id, tool.spec().name(), e);
        finish("failed", null, JsonRpc.JSON.createObjectNode().put("code", JsonRpc.INTERNAL_ERROR)
            .put("message", "the tool failed unexpectedly"));
      }
    }

    synchronized void finish(String terminal, ObjectNode r, ObjectNode err) {
      if (isTerminal()) {
        return; // cancelled first: cancellation wins
      }
      status = terminal;
      result = r;
      error = err;
      pending.removeAll();
      touch();
    }

    synchronized void cancel() {
      if (isTerminal()) {
        return; // idempotent
      }
      cancelled = true;
      status = "cancelled";
      pending.removeAll();
      touch();
      if (runner != null) {
        runner.interrupt();
      }
      notifyAll();
    }

    synchronized void answer(ObjectNode responses) {
      responses.properties().forEach(e -> {
        if (pending.has(e.getKey())) {
          if (!(e.getValue() instanceof ObjectNode)) {
            throw McpError.invalidParams("inputResponses." + e.getKey() + " must be the client's result object");
          }
          answers.set(e.getKey(), e.getValue());
          pending.remove(e.getKey());
        }
      });
      if (pending.isEmpty() && "input_required".equals(status)) {
        status = "working";
      }
      touch();
      notifyAll();
    }

    @Override
    public Map<String, ObjectNode> ask(Call call, Map<String, InputRequest> requests) throws InterruptedException {
      requests.values().forEach(r -> {
        if (r.capability() != null) {
          call.requireCapability(r.capability());
        }
      });
      synchronized (this) {
        for (Map.Entry<String, InputRequest> e : requests.entrySet()) {
          if (!answers.has(e.getKey())) {
            pending.set(e.getKey(), e.getValue().toJson());
          }
        }
        if (!pending.isEmpty() && !isTerminal()) {
          status = "input_required";
          touch();
        }
        while (!pending.isEmpty()) {
          if (cancelled || expired()) {
            throw new InterruptedException("task cancelled or expired"); // an expired task is no longer visible
          }
          wait(POLL_MS);
        }
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        requests.keySet().forEach(k -> out.put(k, (ObjectNode) answers.get(k)));
        return out;
      }
    }

    @Override
    public boolean resumed() {
      return false;
    }

    boolean cancelled() {
      return cancelled;
    }

    boolean isTerminal() {
      return status.equals("completed") || status.equals("failed") || status.equals("cancelled");
    }

    boolean expired() {
      return clock.instant().isAfter(created.plus(TTL));
    }

    void touch() {
      updated = clock.instant();
      save();
    }

    /** Copies the view to the shared store; a cancellation stored by another instance cancels this task. */
    void save() {
      long until = storeDownUntil;
      if (until != 0 && System.nanoTime() - until < 0) {
        return;
      }
      try {
        if (!store.save(id, owner, status, detailed().toString(), TTL.minus(Duration.between(created, clock.instant())))
            && !"cancelled".equals(status)) {
          cancel();
        }
      } catch (SessionStore.Unavailable e) {
        storeDownUntil = System.nanoTime() + STORE_BACKOFF.toNanos();
        log.debug("task {} kept in memory only: {}", id, e.getMessage());
      }
    }

    /** The Task fields: id, status, times, ttl, poll interval. */
    synchronized ObjectNode envelope() {
      return JsonRpc.JSON.createObjectNode().put("taskId", id).put("status", status)
          .put("createdAt", created.toString()).put("lastUpdatedAt", updated.toString())
          .put("ttlMs", TTL.toMillis()).put("pollIntervalMs", POLL_MS);
    }

    /** tasks/get: the envelope plus what the status carries. */
    synchronized ObjectNode detailed() {
      ObjectNode r = envelope();
      switch (status) {
        case "input_required" -> r.set("inputRequests", pending.deepCopy());
        case "completed" -> r.set("result", result);
        case "failed" -> r.set("error", error);
        default -> { }
      }
      return r;
    }
  }
}
