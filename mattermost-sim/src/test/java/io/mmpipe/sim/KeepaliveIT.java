package io.mmpipe.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ping control frames, the pong deadline and the silence fault, with shortened timers. */
class KeepaliveIT {

  MattermostSim sim;

  @BeforeEach
  void start() {
    sim = MattermostSim.start(SimConfig.defaults().withKeepalive(Duration.ofMillis(200), Duration.ofMillis(1500)));
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  @Test
  void shouldKeepASocketThatAnswersPingsAndDropOneThatDoesNot() throws Exception {
    try (WsClient good = WsClient.bearer(sim, sim.botToken());
         RawWsClient mute = new RawWsClient(sim.port(), sim.botToken())) {
      good.next();
      JsonNode hello = WsClient.JSON.readTree(mute.texts.poll(15, TimeUnit.SECONDS));
      String muteId = hello.path("data").path("connection_id").asText();
      await().atMost(Duration.ofSeconds(30)).until(mute.ended::get);
      assertThat(mute.pings.get()).isPositive();
      assertThat(good.isClosed()).isFalse();
      assertThat(good.pings.get()).isPositive();
      // a pong timeout leaves the connection resumable
      try (WsClient r = WsClient.connect(sim, "connection_id=" + muteId + "&sequence_number=1",
          Map.of("Authorization", "Bearer " + sim.botToken()))) {
        r.send("{\"seq\":1,\"action\":\"ping\"}");
        JsonNode first = r.next();
        assertThat(first.has("event")).as("no hello on a lossless resume").isFalse();
        assertThat(first.path("seq_reply").asLong()).isEqualTo(1);
      }
    }
  }

  @Test
  void shouldForgetADroppedConnectionAfterTheInactiveTimeout() throws Exception {
    // the hub's registry of resumable connections is bounded by time: a dropped one is reaped, and resuming it then
    // gets a new connection and a hello (the real server's inactive-connection expiry)
    try (MattermostSim quick = MattermostSim.start(SimConfig.defaults()
        .withKeepalive(Duration.ofMillis(200), Duration.ofMillis(1500)).withInactiveTimeout(Duration.ofMillis(300)))) {
      String id;
      try (WsClient c = WsClient.bearer(quick, quick.botToken())) {
        id = c.next().path("data").path("connection_id").asText();
      }
      Thread.sleep(1_500); // five inactive timeouts: reaped by the keepalive tick (every 50 ms here)
      try (WsClient r = WsClient.connect(quick, "connection_id=" + id + "&sequence_number=1",
          Map.of("Authorization", "Bearer " + quick.botToken()))) {
        JsonNode first = r.next();
        assertThat(first.path("event").asText()).isEqualTo("hello");
        assertThat(first.path("data").path("connection_id").asText()).isNotEqualTo(id);
      }
    }
  }

  @Test
  void shouldAnswerNothingWhileSilenced() throws Exception {
    try (WsClient c = WsClient.bearer(sim, sim.botToken())) {
      c.next();
      sim.faults().silence(true);
      c.send("{\"seq\":1,\"action\":\"ping\"}");
      sim.world().createPost(sim.world().userIds().get(0), sim.world().botChannelIds().get(0), "unseen for now");
      assertThat(c.frames.poll(1, TimeUnit.SECONDS)).isNull();
      sim.faults().silence(false);
      assertThat(c.nextEvent().path("event").asText()).isEqualTo("posted");
    }
  }
}
