package io.mmpipe.gateway.ws;

import io.mmpipe.gateway.metrics.GatewayMetrics;
import io.mmpipe.gateway.stream.ResumeToken;
import io.mmpipe.gateway.stream.StreamDirectory;
import io.mmpipe.gateway.stream.StreamGate;
import io.mmpipe.gateway.stream.StreamStart;
import io.mmpipe.gateway.stream.Subscription;
import io.mmpipe.gateway.stream.SubscriptionFilter;
import io.mmpipe.gateway.stream.UpdateStreams;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code subscribe}: the SSE query's filter and start, read from JSON fields and checked by the same code
 * ({@link SubscriptionFilter#fromQuery}, {@link StreamStart}, {@link StreamGate}); answered {@code subscribed} with
 * the subscription's id and starting token before its first update. The resource picks the stream
 * ({@link StreamDirectory#forFilter}, as for SSE): {@code stream://broadcasts} reads the broadcasts, with resume
 * tokens of that stream. With {@code operation_id} it watches an operation instead, through the
 * {@link WsCommands.OperationWatches} plugged in ({@code unavailable} while none is).
 */
final class SubscribeCommand implements WsCommands.Handler {

  private static final Set<String> FIELDS =
      Set.of("resource", "channel_ids", "team_id", "types", "resume_from", "from", "operation_id");

  /** The fields that choose updates; none of them goes with {@code operation_id}. */
  private static final Set<String> UPDATE_FIELDS =
      Set.of("resource", "channel_ids", "team_id", "types", "resume_from", "from");

  private final StreamDirectory directory;
  private final GatewayMetrics metrics;
  private final Clock clock;
  private volatile WsCommands.OperationWatches operations = (conn, cmd, op) -> {
    throw new CommandException("unavailable", "operation subscriptions are not available on this gateway");
  };

  SubscribeCommand(StreamDirectory directory, GatewayMetrics metrics, Clock clock) {
    this.directory = directory;
    this.metrics = metrics;
    this.clock = clock;
  }

  void operations(WsCommands.OperationWatches watches) {
    this.operations = watches;
  }

  @Override
  public void handle(WsConnection conn, Command cmd) throws InterruptedException {
    cmd.allowOnly(FIELDS);
    String operationId = cmd.string("operation_id");
    if (operationId != null) {
      UPDATE_FIELDS.stream().filter(cmd.body()::has).findFirst().ifPresent(f -> {
        throw new CommandException("invalid_filter", "operation_id watches one operation; " + f
            + " does not go with it");
      });
      operations.watch(conn, cmd, operationId);
      return;
    }
    SubscriptionFilter filter = filter(cmd);
    UpdateStreams streams;
    try {
      streams = directory.forFilter(filter);
    } catch (IllegalArgumentException e) {
      throw new CommandException("invalid_filter", e.getMessage());
    }
    UpdateStreams.StartAt start;
    try {
      start = StreamStart.parse(cmd.string("resume_from"), cmd.string("from"), clock);
    } catch (IllegalArgumentException e) {
      throw new CommandException("invalid_from", e.getMessage());
    }
    StreamGate.check(streams).ifPresent(r -> {
      throw new CommandException(r.code(), r.message() + " (retry in " + r.retryAfterSeconds() + " s)");
    });
    String id = conn.newSubscriptionId();
    Subscription sub;
    try {
      sub = streams.open(start, filter, conn.principal()::canSee);
    } catch (ResumeToken.InvalidTokenException e) {
      throw new CommandException("invalid_resume_token", e.getMessage());
    }
    try {
      // the answer first, so the client knows the id before any update of it arrives
      if (!conn.send(WsMessages.status(cmd.id(), "subscribed").put("subscription_id", id)
          .put("resume_token", sub.token()))) {
        sub.close();
        return;
      }
    } catch (InterruptedException | RuntimeException e) {
      sub.close();
      throw e;
    }
    conn.attach(id, SubscriptionPump.start(id, sub, conn, metrics));
  }

  /** The same filter an SSE query gives, from {@code resource}, {@code channel_ids}, {@code team_id}, {@code types}. */
  private static SubscriptionFilter filter(Command cmd) {
    Map<String, List<String>> query = new HashMap<>();
    String resource = cmd.string("resource");
    if (resource != null) {
      query.put("resource", List.of(resource));
    }
    String team = cmd.string("team_id");
    if (team != null) {
      query.put("team_id", List.of(team));
    }
    query.put("channel_id", cmd.strings("channel_ids"));
    query.put("type", cmd.strings("types"));
    try {
      return SubscriptionFilter.fromQuery(query);
    } catch (IllegalArgumentException e) {
      throw new CommandException("invalid_filter", e.getMessage());
    }
  }
}
