package io.mmpipe.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.testtools.JavalinTest;
import io.mmpipe.gateway.security.OriginPolicy;
import io.mmpipe.schemas.json.ResourceUpdateJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorMappingTest {

  private static Javalin app() {
    return GatewayServer.create(new OriginPolicy(List.of()), List.of(routes -> routes
        .get("/boom", ctx -> {
          throw new IllegalStateException("secret internals at line 42");
        })
        .get("/busy", ctx -> {
          throw new ApiException(503, "busy", "try later", Map.of("Retry-After", "7", "limit", "3"));
        })));
  }

  @Test
  void shouldAnswerUnexpectedErrorsWithGeneric500JsonWithoutDetails() {
    JavalinTest.test(app(), (server, client) -> {
      var r = client.get("/boom");
      assertThat(r.code()).isEqualTo(500);
      String body = r.body().string();
      assertThat(body).doesNotContain("secret").doesNotContain("IllegalStateException");
      assertThat(ResourceUpdateJson.read(body).get("message").asText()).isEqualTo("internal error");
    });
  }

  @Test
  void shouldMapTypedExceptionsToJsonWithCodeDetailsAndRetryAfterHeader() {
    JavalinTest.test(app(), (server, client) -> {
      var r = client.get("/busy");
      assertThat(r.code()).isEqualTo(503);
      assertThat(r.headers().get("Retry-After")).containsExactly("7");
      JsonNode j = ResourceUpdateJson.read(r.body().string());
      assertThat(j.get("error").asText()).isEqualTo("busy");
      assertThat(j.get("limit").asText()).isEqualTo("3");
      assertThat(j.has("Retry-After")).isFalse();
    });
  }

  @Test
  void shouldAnswerUnknownPathsWithJson404() {
    JavalinTest.test(app(), (server, client) -> {
      var r = client.get("/nope");
      assertThat(r.code()).isEqualTo(404);
      assertThat(ResourceUpdateJson.read(r.body().string()).get("status").asInt()).isEqualTo(404);
    });
  }
}
