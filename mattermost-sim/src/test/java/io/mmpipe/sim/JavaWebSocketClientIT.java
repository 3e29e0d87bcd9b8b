package io.mmpipe.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ingestor connects with org.java-websocket, not the JDK client the other ITs use: this one proves the server
 * upgrades it, greets it, answers its actions and keeps it past the pong deadline (the library answers pings itself).
 */
class JavaWebSocketClientIT {

  MattermostSim sim;

  @BeforeEach
  void start() {
    sim = MattermostSim.start(SimConfig.defaults().withKeepalive(Duration.ofMillis(200), Duration.ofMillis(1000)));
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  /** Records text frames and the close code (-1 while open). */
  static final class Client extends WebSocketClient {

    final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    volatile int closeCode = -1;

    Client(URI uri, Map<String, String> headers) {
      super(uri, headers);
    }

    @Override
    public void onOpen(ServerHandshake handshake) {}

    @Override
    public void onMessage(String message) {
      frames.add(message);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
      closeCode = code;
    }

    @Override
    public void onError(Exception ex) {}

    JsonNode next() throws Exception {
      String f = frames.poll(15, TimeUnit.SECONDS);
      assertThat(f).as("a frame within 15 s").isNotNull();
      return WsClient.JSON.readTree(f);
    }
  }

  @Test
  void shouldGreetAnswerAndKeepAJavaWebSocketClientPastThePongDeadline() throws Exception {
    Client c = new Client(URI.create("ws://127.0.0.1:" + sim.port() + "/api/v4/websocket"),
        Map.of("Authorization", "Bearer " + sim.botToken()));
    try {
      assertThat(c.connectBlocking(10, TimeUnit.SECONDS)).isTrue();
      JsonNode hello = c.next();
      assertThat(hello.path("event").asText()).isEqualTo("hello");
      assertThat(hello.path("seq").asLong()).isZero();
      c.send("{\"seq\":1,\"action\":\"ping\"}");
      JsonNode pong = c.next();
      assertThat(pong.path("seq_reply").asLong()).isEqualTo(1);
      assertThat(pong.path("data").path("text").asText()).isEqualTo("pong");
      Thread.sleep(2500); // more than twice the pong deadline: only answered pings keep the socket
      assertThat(c.isOpen()).as("open after the pong deadline, close code " + c.closeCode).isTrue();
      sim.world().createPost(sim.world().userIds().get(0), sim.world().botChannelIds().get(0), "to the ingestor");
      JsonNode posted = c.next();
      assertThat(posted.path("event").asText()).isEqualTo("posted");
      assertThat(posted.path("seq").asLong()).isEqualTo(1);
    } finally {
      c.closeBlocking();
    }
  }
}
