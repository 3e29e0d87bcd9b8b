package io.mmpipe.ingestor.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mmpipe.ingestor.events.FrameParseException;
import io.mmpipe.ingestor.events.MattermostEvent;
import io.mmpipe.ingestor.metrics.IngestorMetrics;
import io.mmpipe.mattermost.json.Json;
import io.mmpipe.mattermost.rest.MattermostApiException;
import io.mmpipe.runtime.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The WebSocket protocol rules (reference §1, §5) against a scripted server, one rule per test. */
class WebSocketStreamIT {

  private static final String TOKEN = "tok-abcdef";
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final List<String> garbage = new CopyOnWriteArrayList<>();
  private final AtomicInteger losses = new AtomicInteger();
  private final AtomicInteger catchUps = new AtomicInteger();
  /** While false the listener has no room (as a Kafka that cannot take more). */
  private final AtomicBoolean room = new AtomicBoolean(true);
  private final IngestorMetrics metrics = new IngestorMetrics();
  private ScriptedServer server;
  private WebSocketStream stream;

  /** What the listener answers for an event; by default taken at once while there is room. */
  private volatile java.util.function.BiFunction<MattermostEvent, String, CompletableFuture<Void>> onEvent =
      (event, connectionId) -> {
        if (!room.get()) {
          return null;
        }
        seen.add(connectionId + "#" + event.envelope().seq());
        return CompletableFuture.completedFuture(null);
      };

  private final StreamListener listener = new StreamListener() {
    @Override
    public CompletableFuture<Void> event(MattermostEvent event, String connectionId, long observedAt) {
      return onEvent.apply(event, connectionId);
    }

    @Override
    public boolean available() {
      return room.get();
    }

    @Override
    public void unparseable(String frame, FrameParseException error) {
      garbage.add(frame);
    }

    @Override
    public void catchUp(String reason, boolean lost) {
      catchUps.incrementAndGet();
      if (lost) {
        losses.incrementAndGet();
      }
    }
  };

  private void serve(java.util.function.BiConsumer<WebSocket, Integer> onOpen,
      java.util.function.BiConsumer<WebSocket, String> onMessage) throws Exception {
    server = new ScriptedServer(onOpen, onMessage);
    server.start();
    Thread.sleep(200); // WebSocketServer binds on its own thread
  }

  private StreamSettings settings(Duration ping) {
    return new StreamSettings(URI.create(server.baseUrl()), Secret.of(TOKEN), Duration.ofSeconds(1), ping, true,
        Duration.ofMillis(100), Duration.ofSeconds(1), 0);
  }

  private WebSocketStream stream(Duration ping, WebSocketStream.AuthProbe probe) {
    return stream(settings(ping), probe);
  }

  private WebSocketStream stream(StreamSettings settings, WebSocketStream.AuthProbe probe) {
    stream = new WebSocketStream(settings, listener, probe, metrics);
    return stream;
  }

  @AfterEach
  void tearDown() throws Exception {
    if (stream != null) {
      stream.close();
    }
    if (server != null) {
      server.stop(1000);
    }
  }

  @Test
  void shouldAuthenticateWithBearerHeaderNeverInUrlAndAnswerPingFramesAndSendPingAction() throws Exception {
    serve((ws, n) -> {
      ws.send(ScriptedServer.hello("conn1"));
      ws.sendPing();
    }, (ws, msg) -> {
      if (msg.contains("\"action\":\"ping\"")) {
        long seq = parse(msg).get("seq").asLong();
        ws.send("{\"status\":\"OK\",\"seq_reply\":" + seq + ",\"data\":{\"text\":\"pong\"}}");
      }
    });
    stream(Duration.ofSeconds(1), () -> { }).start().get(10, TimeUnit.SECONDS);
    assertThat(server.handshakes).singleElement().satisfies(h -> {
      assertThat(h.authorization()).isEqualTo("Bearer " + TOKEN);
      assertThat(h.resource()).isEqualTo("/api/v4/websocket").doesNotContain(TOKEN);
    });
    await().atMost(Duration.ofSeconds(30)).until(() -> server.pongs.size() >= 1
        && server.received.stream().filter(m -> m.contains("\"action\":\"ping\"")).count() >= 3);
    assertThat(server.received).noneMatch(m -> m.contains("presence"));
    assertThat(server.closeCodes).isEmpty();
    assertThat(stream.state()).isEqualTo(StreamState.CONNECTED);
  }

  private static com.fasterxml.jackson.databind.JsonNode parse(String s) {
    try {
      return Json.MAPPER.readTree(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void shouldFailFastWhenNoHelloArrivesAndRestRefusesTheToken() throws Exception {
    serve((ws, n) -> { }, (ws, msg) -> { });
    var ready = stream(Duration.ofSeconds(30), () -> {
      throw new MattermostApiException(MattermostApiException.Kind.AUTH, 401, null,
          "Mattermost rejected MATTERMOST_TOKEN on /api/v4/users/me (HTTP 401)", null);
    }).start();
    assertThatThrownBy(() -> ready.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
        .hasMessageContaining("MATTERMOST_TOKEN");
    assertThat(stream.state()).isEqualTo(StreamState.FAILED);
    Thread.sleep(500);
    assertThat(server.handshakes).as("no reconnect after an auth failure").hasSize(1);
  }

  @Test
  void shouldCloseWith4001OnSeqGapAndResumeWithConnectionIdAndNextSeq() throws Exception {
    serve((ws, n) -> {
      if (n == 0) {
        ws.send(ScriptedServer.hello("conn1"));
        ws.send(ScriptedServer.typing(1));
        ws.send(ScriptedServer.typing(3)); // seq 2 never arrives
      } else {
        ws.send(ScriptedServer.typing(2)); // the replay, original seqs, no hello
        ws.send(ScriptedServer.typing(3));
        ws.send(ScriptedServer.typing(4));
      }
    }, (ws, msg) -> { });
    stream(Duration.ofSeconds(30), () -> { }).start().get(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 4);
    assertThat(seen).containsExactly("conn1#1", "conn1#2", "conn1#3", "conn1#4");
    assertThat(server.closeCodes).containsExactly(4001);
    assertThat(server.handshakes.get(1).resource())
        .isEqualTo("/api/v4/websocket?connection_id=conn1&sequence_number=2");
    assertThat(metrics.resumes()).isEqualTo(1);
    assertThat(losses).hasValue(0);
    assertThat(catchUps).as("the first hello asks for a catch-up; the lossless resume does not").hasValue(1);
  }

  @Test
  void shouldCatchUpWhenReconnectIsAnsweredWithNewConnectionId() throws Exception {
    serve((ws, n) -> {
      if (n == 0) {
        ws.send(ScriptedServer.hello("conn1"));
        ws.send(ScriptedServer.typing(1));
        ws.close(1001, "going away"); // graceful, so typing 1 is flushed first
      } else {
        ws.send(ScriptedServer.hello("conn2"));
        ws.send(ScriptedServer.typing(1));
      }
    }, (ws, msg) -> { });
    stream(Duration.ofSeconds(30), () -> { }).start().get(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 2);
    assertThat(seen).containsExactly("conn1#1", "conn2#1");
    assertThat(server.handshakes.get(1).resource()).contains("connection_id=conn1&sequence_number=2");
    assertThat(losses).hasValue(1);
    assertThat(metrics.catchUps()).isEqualTo(1);
    assertThat(stream.connectionId()).isEqualTo("conn2");
  }

  @Test
  void shouldCloseWith4000WhenPingActionIsNotAnswered() throws Exception {
    serve((ws, n) -> ws.send(ScriptedServer.hello("conn" + n)), (ws, msg) -> { });
    stream(Duration.ofMillis(300), () -> { }).start().get(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.closeCodes.contains(4000));
    await().atMost(Duration.ofSeconds(10)).until(() -> server.handshakes.size() >= 2);
    assertThat(metrics.reconnects()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void shouldPassGarbageOnAndKeepReading() throws Exception {
    serve((ws, n) -> {
      ws.send(ScriptedServer.hello("conn1"));
      ws.send("\u0000garbage");
      ws.send(ScriptedServer.typing(1));
    }, (ws, msg) -> { });
    stream(Duration.ofSeconds(30), () -> { }).start().get(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 1);
    assertThat(garbage).containsExactly("\u0000garbage");
    assertThat(seen).containsExactly("conn1#1");
    assertThat(server.closeCodes).isEmpty();
  }

  @Test
  void shouldPauseReadingWhenTheListenerHasNoRoomAndResumeFromTheRefusedSeq() throws Exception {
    serve((ws, n) -> {
      if (n == 0) {
        ws.send(ScriptedServer.hello("conn1"));
        ws.send(ScriptedServer.typing(1));
        ws.send(ScriptedServer.typing(2));
      } else {
        ws.send(ScriptedServer.typing(2)); // the replay from the refused seq
        ws.send(ScriptedServer.typing(3));
      }
    }, (ws, msg) -> { });
    AtomicInteger handed = new AtomicInteger();
    var taken = onEvent;
    // room for the first event, then none until the test makes room again
    onEvent = (event, connectionId) -> {
      CompletableFuture<Void> f = taken.apply(event, connectionId);
      if (f != null && handed.incrementAndGet() == 1) {
        room.set(false);
      }
      return f;
    };
    stream(Duration.ofSeconds(30), () -> { });
    stream.start().get(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> stream.state() == StreamState.PAUSED);
    assertThat(seen).containsExactly("conn1#1");
    assertThat(stream.lastError()).contains("not reading Mattermost");
    Thread.sleep(500);
    assertThat(server.handshakes).as("no reconnect while there is no room").hasSize(1);
    room.set(true);
    await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() >= 3);
    assertThat(seen).containsExactly("conn1#1", "conn1#2", "conn1#3");
    assertThat(server.handshakes.get(1).resource())
        .isEqualTo("/api/v4/websocket?connection_id=conn1&sequence_number=2");
  }

  @Test
  void shouldReportTheTokenRefusedWhenAResumeIsNeverAnswered() throws Exception {
    serve((ws, n) -> {
      if (n == 0) {
        ws.send(ScriptedServer.hello("conn1"));
        ws.close(1001, "going away");
      }
      // later connections: the token was revoked, the server says nothing (as Mattermost does)
    }, (ws, msg) -> { });
    AtomicInteger probes = new AtomicInteger();
    stream(Duration.ofSeconds(30), () -> {
      probes.incrementAndGet();
      throw new MattermostApiException(MattermostApiException.Kind.AUTH, 401, null,
          "Mattermost rejected MATTERMOST_TOKEN on /api/v4/users/me (HTTP 401)", null);
    }).start().get(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(20)).until(() -> stream.state() == StreamState.FAILED);
    assertThat(stream.lastError()).contains("refused the token").doesNotContain("gave up");
    assertThat(server.handshakes.get(1).resource()).contains("connection_id=conn1");
  }

  @Test
  void shouldPauseWhenTooManyEventsWaitForTheirAcknowledgement() throws Exception {
    serve((ws, n) -> {
      ws.send(ScriptedServer.hello("conn" + n));
      for (int seq = 1; seq <= 5; seq++) {
        ws.send(ScriptedServer.typing(seq));
      }
    }, (ws, msg) -> { });
    List<CompletableFuture<Void>> unacked = new CopyOnWriteArrayList<>();
    onEvent = (event, connectionId) -> {
      CompletableFuture<Void> f = new CompletableFuture<>(); // Kafka never answers
      unacked.add(f);
      return f;
    };
    stream(new StreamSettings(URI.create(server.baseUrl()), Secret.of(TOKEN), Duration.ofSeconds(1),
        Duration.ofSeconds(30), true, Duration.ofMillis(100), Duration.ofSeconds(1), 0,
        StreamSettings.DEFAULT_MAX_QUEUED_FRAMES, 2), () -> { });
    stream.start().get(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> stream.state() == StreamState.PAUSED);
    assertThat(unacked).as("no more than the window is handed on").hasSize(2);
    assertThat(stream.lastError()).contains("2 events wait");
    Thread.sleep(500);
    assertThat(server.handshakes).as("no reconnect while events are unsettled").hasSize(1);
    unacked.forEach(f -> f.complete(null));
    await().atMost(Duration.ofSeconds(10)).until(() -> server.handshakes.size() >= 2);
    assertThat(server.handshakes.get(1).resource()).contains("connection_id=conn0&sequence_number=3");
  }
}
