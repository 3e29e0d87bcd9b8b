package io.mmpipe.gateway.ws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.ops.OperationState;
import io.mmpipe.gateway.ops.OperationStore;
import io.mmpipe.gateway.ops.Operations;
import java.util.Optional;
import java.util.Set;

/**
 * The operation commands of {@code /ws}, on the {@link Operations} facade (so they work for an operation running on
 * any instance): {@code get_operation}, {@code cancel_operation}, and {@code subscribe} with {@code operation_id}
 * ({@link OperationWatch}).
 */
public final class WsOperations {

  private final Operations operations;

  private WsOperations(Operations operations) {
    this.operations = operations;
  }

  /** Registers the operation commands in {@code commands}. */
  public static void install(WsCommands commands, Operations operations) {
    WsOperations ops = new WsOperations(operations);
    commands.register("get_operation", ops::get).register("cancel_operation", ops::cancel)
        .watchOperations(ops::watch);
  }

  private void get(WsConnection conn, Command cmd) throws InterruptedException {
    cmd.allowOnly(Set.of("operation_id"));
    OperationState s = find(conn, cmd.requiredString("operation_id"));
    conn.send(answer(cmd, "operation", s));
  }

  /** Asks the operation to stop wherever it runs; its watchers then see {@code error} with the reason. */
  private void cancel(WsConnection conn, Command cmd) throws InterruptedException {
    cmd.allowOnly(Set.of("operation_id", "reason"));
    String id = cmd.requiredString("operation_id");
    String reason = cmd.string("reason");
    if (reason != null && reason.length() > 500) {
      throw new CommandException("invalid_command", "reason is at most 500 characters");
    }
    OperationState s = find(conn, id);
    if (s.terminal() || !operations.cancel(id, reason)) {
      OperationState now = find(conn, id);
      if (!now.terminal()) { // still running, yet the request could not be passed on: the store is away
        throw new CommandException("unavailable", "the cancellation of " + id + " could not be passed on to the "
            + "instance that runs it; retry later");
      }
      throw new CommandException("operation_ended", "operation " + id + " has already ended (" + now.status()
          + "); there is nothing to cancel");
    }
    conn.send(WsMessages.status(cmd.id(), "cancel_requested").put("operation_id", id));
  }

  private void watch(WsConnection conn, Command cmd, String id) throws InterruptedException {
    checkId(id);
    OperationWatch.start(operations, conn, cmd, id, i -> find(conn, i));
  }

  /**
   * The state, or the {@code error} a client is told: malformed id, unknown (or another principal's: the same
   * answer, so an id tells nothing), or not knowable now.
   */
  OperationState find(WsConnection conn, String id) {
    checkId(id);
    Optional<OperationState> s;
    try {
      s = operations.lookup(id, conn.principal());
    } catch (OperationStore.Unavailable e) {
      throw new CommandException("unavailable", "the operation store is unreachable and this instance does not "
          + "know operation " + id + "; retry later");
    }
    return s.orElseThrow(() -> new CommandException("unknown_operation", "no operation with id " + id
        + " (unknown, or older than the last " + operations.settings().keep() + " kept)"));
  }

  private static void checkId(String id) {
    if (!Operations.wellFormed(id)) {
      throw new CommandException("invalid_operation_id", "an operation id is 1 to 64 letters, digits, '-' or '_'");
    }
  }

  static ObjectNode answer(Command cmd, String status, OperationState s) {
    ObjectNode out = WsMessages.status(cmd.id(), status);
    out.set("operation", s.toJson());
    return out;
  }
}
