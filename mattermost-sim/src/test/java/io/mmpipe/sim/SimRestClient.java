package io.mmpipe.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A minimal REST caller for the tests. */
final class SimRestClient {

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final MattermostSim sim;
  private final String token;

  SimRestClient(MattermostSim sim, String token) {
    this.sim = sim;
    this.token = token;
  }

  HttpResponse<String> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  HttpResponse<String> post(String path, String body) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json"));
  }

  HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Content-Type", contentType));
  }

  HttpResponse<String> put(String path, String body) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json"));
  }

  HttpResponse<String> delete(String path) throws Exception {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  JsonNode getJson(String path) throws Exception {
    HttpResponse<String> r = get(path);
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return WsClient.JSON.readTree(r.body());
  }

  private URI uri(String path) {
    return URI.create(sim.baseUrl() + path);
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
