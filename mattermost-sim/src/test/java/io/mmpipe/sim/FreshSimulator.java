package io.mmpipe.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the ITs that each want a fresh default simulator per test, two of its users and the channel the bot
 * shares with them; plus the bot-socket steps those tests repeat (connect, drop every socket, resume).
 */
abstract class FreshSimulator {

  MattermostSim sim;
  String alice;
  String bob;
  String townSquare;

  @BeforeEach
  void startSimulator() {
    sim = MattermostSim.start(SimConfig.defaults());
    alice = sim.world().userIds().get(0);
    bob = sim.world().userIds().get(1);
    townSquare = sim.world().botChannelIds().get(0);
  }

  @AfterEach
  void stopSimulator() {
    sim.close();
  }

  /** A socket authenticated as the bot with a bearer header; its hello is still unread. */
  WsClient botSocket() throws Exception {
    return WsClient.bearer(sim, sim.botToken());
  }

  /** Drops every open socket on the server side and waits until the server holds none. */
  void dropAllConnections() {
    sim.faults().dropConnections();
    await().atMost(Duration.ofSeconds(30)).until(() -> sim.faults().openConnections() == 0);
  }

  /** Opens a bot socket that asks to resume {@code connectionId} after {@code sequenceNumber}. */
  WsClient resumeBotSocket(String connectionId, long sequenceNumber) throws Exception {
    return WsClient.connect(sim, "connection_id=" + connectionId + "&sequence_number=" + sequenceNumber,
        Map.of("Authorization", "Bearer " + sim.botToken()));
  }

  /**
   * Resumes {@code connectionId} and asserts the server refused to: it greets with a hello and a new connection id.
   *
   * @return the hello, for further assertions
   */
  JsonNode assertResumeGivesNewConnection(String connectionId, long sequenceNumber) throws Exception {
    try (WsClient r = resumeBotSocket(connectionId, sequenceNumber)) {
      JsonNode hello = r.next();
      assertThat(hello.path("event").asText()).isEqualTo("hello");
      assertThat(hello.path("data").path("connection_id").asText()).isNotEqualTo(connectionId);
      return hello;
    }
  }

  /** The connection id a socket's hello announces (reads the hello). */
  static String helloConnectionId(WsClient c) throws Exception {
    return c.next().path("data").path("connection_id").asText();
  }
}
