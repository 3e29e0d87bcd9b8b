package io.mmpipe.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.mmpipe.devstack.DemoOptions;
import io.mmpipe.devstack.DemoStack;
import io.mmpipe.testkit.KafkaExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** The demo stack as the end-to-end tests start it: free ports, three partitions, topics of their own. */
final class TestStacks {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private TestStacks() {}

  /** A stack on topics prefixed with a unique name made from {@code name}, with {@code env} for every tier. */
  static DemoStack start(String name, Map<String, String> env) {
    return DemoStack.start(new DemoOptions(0, null, null, 0, 0, 3, 3, KafkaExtension.uniqueName(name) + ".", env));
  }

  /** A post made in the stack's simulator by its first demo user, through the REST API; its id. */
  static String post(DemoStack stack, String channel, String message) throws Exception {
    String alice = stack.sim().world().userIds().getFirst();
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(stack.mattermostUrl() + "/api/v4/posts"))
        .header("Authorization", "Bearer " + stack.sim().world().tokenOf(alice))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("channel_id", channel,
            "message", message)))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    return JSON.readTree(r.body()).get("id").asText();
  }

  static void stop(DemoStack stack) {
    if (stack != null) {
      stack.close();
    }
  }
}
