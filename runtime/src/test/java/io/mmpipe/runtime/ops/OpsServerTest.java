package io.mmpipe.runtime.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.runtime.ops.OpsServer.HealthView;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class OpsServerTest {

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(OpsServer s, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldServeMetricsTextAndHealthWith503WhenNotOk() throws Exception {
    AtomicBoolean ok = new AtomicBoolean(true);
    try (OpsServer s = OpsServer.start(0, () -> "# HELP x\nx 1\n",
        () -> new HealthView("{\"status\":\"" + (ok.get() ? "UP" : "DOWN") + "\"}", ok.get()))) {
      HttpResponse<String> metrics = get(s, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("x 1");
      assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
          .startsWith("text/plain"));
      assertThat(get(s, "/health").statusCode()).isEqualTo(200);
      ok.set(false);
      HttpResponse<String> down = get(s, "/health");
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).contains("DOWN");
    }
  }
}
