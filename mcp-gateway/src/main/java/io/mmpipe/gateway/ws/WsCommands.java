package io.mmpipe.gateway.ws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.metrics.GatewayStats;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The command table of {@code /ws}: a command's name picks its handler, so a new command (or a new implementation of
 * one, as operations will bring for {@code get_operation}) is one {@link #register} call. A handler answers through
 * the connection, with a {@code status} message, or throws {@link CommandException} for an {@code error}.
 */
public final class WsCommands {

  /** Carries out one command on one connection. */
  @FunctionalInterface
  public interface Handler {
    void handle(WsConnection conn, Command cmd) throws InterruptedException;
  }

  /**
   * Carries out {@code subscribe} with {@code operation_id}: answers it, then sends the operation's events on
   * {@code conn} as a subscription of the connection (counted toward its limit) until the operation ends, the client
   * unsubscribes or the connection ends.
   */
  @FunctionalInterface
  public interface OperationWatches {
    void watch(WsConnection conn, Command cmd, String operationId) throws InterruptedException;
  }

  private final Map<String, Handler> table = new ConcurrentHashMap<>();
  private final SubscribeCommand subscribe;

  /** The built-in commands; {@code get_operation} answers {@code unavailable} until operations register theirs. */
  WsCommands(SubscribeCommand subscribe, GatewayStats stats) {
    this.subscribe = subscribe;
    register("subscribe", subscribe);
    register("unsubscribe", (conn, cmd) -> {
      cmd.allowOnly(Set.of("subscription_id"));
      String id = cmd.requiredString("subscription_id");
      if (!conn.detach(id)) {
        throw new CommandException("unknown_subscription", "no subscription '" + Command.clip(id)
            + "' on this connection");
      }
      conn.send(WsMessages.status(cmd.id(), "unsubscribed").put("subscription_id", id));
    });
    register("get_stats", (conn, cmd) -> {
      cmd.allowOnly(Set.of());
      ObjectNode answer = WsMessages.status(cmd.id(), "stats");
      answer.set("stats", stats.json());
      conn.send(answer);
    });
    register("ping", (conn, cmd) -> {
      cmd.allowOnly(Set.of());
      conn.send(WsMessages.status(cmd.id(), "pong").put("timestamp", System.currentTimeMillis()));
    });
    register("get_operation", (conn, cmd) -> {
      throw new CommandException("unavailable", "operations are not available on this gateway");
    });
  }

  /** Adds or replaces the handler of {@code name}. */
  public WsCommands register(String name, Handler handler) {
    table.put(name, handler);
    return this;
  }

  /** Plugs in operation subscriptions ({@code subscribe} with {@code operation_id}). */
  public WsCommands watchOperations(OperationWatches watches) {
    subscribe.operations(watches);
    return this;
  }

  /** Runs {@code cmd}; an unknown name is a {@link CommandException}. */
  void dispatch(WsConnection conn, Command cmd) throws InterruptedException {
    if (cmd.name() == null) {
      throw new CommandException("invalid_command", "a command needs a \"command\" string (one of "
          + String.join(", ", table.keySet().stream().sorted().toList()) + ")");
    }
    Handler h = table.get(cmd.name());
    if (h == null) {
      throw new CommandException("unknown_command", "unknown command '" + Command.clip(cmd.name()) + "' (known: "
          + String.join(", ", table.keySet().stream().sorted().toList()) + ")");
    }
    h.handle(conn, cmd);
  }
}
