package io.mmpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mmpipe.devkit.SseClient;
import io.mmpipe.sim.TokenLedger;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * docker-compose.yml itself, run by Testcontainers' {@link ComposeContainer}: the tier images built from the
 * Dockerfile, the broker, Redis, the simulator (profile {@code sim}) and nginx in front of the gateway. A post made in
 * the simulator's REST API comes out of {@code /events} through nginx, once, with the API token compose requires.
 *
 * <p>It needs a Docker engine (and host port 8080 free: the load balancer publishes it). Where none is reachable the
 * test is reported as not run, with that reason (a JUnit assumption): the only test of the project allowed to skip.
 * Without Docker, {@code ComposeToolsTest} still validates the same file with docker-compose itself.
 */
class ComposeEndToEndIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  /** docker-compose.yml's default for the simulator's bot token (and the tiers' MATTERMOST_TOKEN). */
  private static final String BOT_TOKEN = "simulated-bot-token";

  @Test
  void shouldDeliverAPostMadeInTheSimulatorThroughNginxOnceWithTheComposeFile() throws Exception {
    Assumptions.assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
        "not run: no Docker engine reachable here (DOCKER_HOST, /var/run/docker.sock). ComposeEndToEndIT builds "
            + "the images and runs docker-compose.yml with Testcontainers; ComposeToolsTest validates the file "
            + "without Docker.");
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    String apiToken = "compose-e2e-" + HexFormat.of().formatHex(random);
    TokenLedger.record(apiToken);

    ComposeContainer compose = new ComposeContainer(ROOT.resolve("docker-compose.yml").toFile())
        .withEnv(Map.of("GATEWAY_API_TOKENS", "e2e=" + apiToken, "COMPOSE_PROFILES", "sim"))
        .withBuild(true)
        .withExposedService("mattermost-sim-1", 8065, Wait.forHttp("/api/v4/system/ping").forStatusCode(200))
        .withExposedService("load-balancer-1", 8080, Wait.forHttp("/health").forStatusCode(200))
        .withStartupTimeout(Duration.ofMinutes(15))
        .withRemoveVolumes(true);
    try {
      compose.start();
      String sim = "http://" + compose.getServiceHost("mattermost-sim-1", 8065) + ":"
          + compose.getServicePort("mattermost-sim-1", 8065);
      String gateway = "http://" + compose.getServiceHost("load-balancer-1", 8080) + ":"
          + compose.getServicePort("load-balancer-1", 8080);

      String channel = null;
      for (JsonNode c : call("GET", sim + "/api/v4/users/me/channels", null)) {
        if ("O".equals(c.path("type").asText())) {
          channel = c.get("id").asText();
          break;
        }
      }
      assertThat(channel).as("an open channel of the bot's").isNotNull();

      try (SseClient sse = SseClient.connect(URI.create(gateway + "/events"),
          Map.of("Authorization", "Bearer " + apiToken))) {
        await().atMost(Duration.ofMinutes(2)).until(() -> !sse.events(e -> "ready".equals(e.event())).isEmpty());
        assertThat(sse.status()).isEqualTo(200);
        String message = "compose e2e " + UUID.randomUUID();
        String postId = call("POST", sim + "/api/v4/posts",
            JSON.writeValueAsString(Map.of("channel_id", channel, "message", message))).get("id").asText();

        await().atMost(Duration.ofMinutes(2)).until(() -> !createdOf(sse, postId).isEmpty());
        JsonNode update = createdOf(sse, postId).getFirst();
        assertThat(update.at("/data/post/message").asText()).isEqualTo(message);
        assertThat(update.at("/data/channel_id").asText()).isEqualTo(channel);
        // the ingestor sees the post over the WebSocket and by polling; a later post in the same channel (same
        // partition, so processed after both copies) marks the point by which a duplicate would have come
        String markerId = call("POST", sim + "/api/v4/posts",
            JSON.writeValueAsString(Map.of("channel_id", channel, "message", "marker"))).get("id").asText();
        await().atMost(Duration.ofMinutes(2)).until(() -> !createdOf(sse, markerId).isEmpty());
        assertThat(createdOf(sse, postId)).hasSize(1);
      }

      // the same gateway refuses a caller without the token (compose binds it to 0.0.0.0, anonymous access off)
      HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/events"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(anonymous.statusCode()).isEqualTo(401);
    } finally {
      compose.stop();
    }
  }

  private static List<JsonNode> createdOf(SseClient sse, String postId) {
    return sse.events(e -> !"ready".equals(e.event())).stream().map(e -> {
      try {
        return JSON.readTree(e.data());
      } catch (IOException ex) {
        throw new AssertionError("SSE data is not JSON: " + e.data(), ex);
      }
    }).filter(u -> ("post_" + postId).equals(u.path("event_id").asText())).toList();
  }

  /** A simulator REST call as its bot; a 2xx answer's JSON. */
  private static JsonNode call(String method, String url, String body) throws IOException, InterruptedException {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + BOT_TOKEN).header("Content-Type", "application/json");
    req.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> resp = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(resp.statusCode()).as("%s %s: %s", method, url, resp.body()).isBetween(200, 299);
    return JSON.readTree(resp.body());
  }
}
