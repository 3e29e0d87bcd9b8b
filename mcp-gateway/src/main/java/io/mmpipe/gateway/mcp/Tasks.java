package io.mmpipe.gateway.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * waiting for client input, {@code tasks/cancel} cancels. Tasks live in the memory of the instance that created
 * them, for {@link #TTL}: a load balancer must send a task's requests to that instance.
 */
final class Tasks {

  static final String EXTENSION = "io.modelcontextprotocol/tasks";
  static final Duration TTL = Duration.ofMinutes(10);
  private static final long POLL_MS = 250;
  private static final Logger log = LoggerFactory.getLogger(Tasks.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Task> tasks = new ConcurrentHashMap<>();
  private final int max;
  private final Clock clock;

  Tasks(int max, Clock clock) {
    this.max = max;
    this.clock = clock;
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
    methods.add("tasks/get", MethodRegistry.MODERN_ONLY, (call, params) -> task(call, params).detailed());
    methods.add("tasks/update", MethodRegistry.MODERN_ONLY, (call, params) -> {
      Task t = task(call, params);
      JsonNode responses = params.get("inputResponses");
      if (!(responses instanceof ObjectNode o)) {
        throw McpError.invalidParams("tasks/update needs inputResponses (an object)");
      }
      t.answer(o);
      return JsonRpc.JSON.createObjectNode();
    });
    methods.add("tasks/cancel", MethodRegistry.MODERN_ONLY, (call, params) -> {
      task(call, params).cancel();
      return JsonRpc.JSON.createObjectNode();
    });
  }

  /** Starts {@code tool} as a task; the answer is the CreateTaskResult (the task is already visible to tasks/get). */
  ObjectNode start(Call call, McpTool tool, ObjectNode arguments) {
    expire();
    if (tasks.size() >= max) {
      throw new McpError(JsonRpc.INTERNAL_ERROR, "too many tasks on this instance; retry later", null, 503);
    }
    Task t = new Task(newId());
    tasks.put(t.id, t);
    Call taskCall = new Call(call.era(), call.protocolVersion(), call.principal(), call.requestId(), null,
        t::cancelled, RelatedMessages.NONE, null, call.clientCapabilities(), null, t);
    Thread.ofVirtual().name("mcp-task-" + t.id).start(() -> t.run(tool, taskCall, arguments));
    ObjectNode r = t.envelope();
    r.put("resultType", "task");
    return r;
  }

  private Task task(Call call, ObjectNode params) {
    if (!negotiated(call)) {
      throw extensionRequired();
    }
    String id = params.path("taskId").asText(null);
    Task t = id == null ? null : tasks.get(id);
    if (t == null || t.expired()) {
      ObjectNode data = JsonRpc.JSON.createObjectNode();
      if (id != null) {
        data.put("taskId", id);
      }
      throw new McpError(JsonRpc.INVALID_PARAMS, id == null ? "params.taskId is required" : "unknown task: " + id,
          data, 200);
    }
    return t;
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
    final Instant created;
    Instant updated;
    String status = "working";
    ObjectNode result;
    ObjectNode error;
    final ObjectNode pending = JsonRpc.JSON.createObjectNode();
    final ObjectNode answers = JsonRpc.JSON.createObjectNode();
    volatile boolean cancelled;
    Thread runner;

    Task(String id) {
      this.id = id;
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
