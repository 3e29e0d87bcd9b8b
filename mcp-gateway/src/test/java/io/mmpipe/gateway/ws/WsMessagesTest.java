package io.mmpipe.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.util.RawValue;
import io.mmpipe.gateway.stream.Subscription;
import io.mmpipe.gateway.stream.UpdateEvent;
import io.mmpipe.gateway.stream.UpdateJson;
import io.mmpipe.schemas.avro.ResourceUpdate;
import org.junit.jupiter.api.Test;

class WsMessagesTest {

  private static final UpdateJson UPDATE = UpdateJson.of(ResourceUpdate.newBuilder().setEventId("e1")
      .setResourceUri("mattermost://new_channel_posts").setUpdateType("created")
      .setDataJson("{\"message\":\"caf\u00e9 \\\"quoted\\\"\"}").setTimestamp(1.5).build());
  private static final String JSON = UPDATE.text();

  /** What the message was before it was written by hand: a Jackson tree with the update as a raw value. */
  private static String tree(String subscriptionId, String token) {
    return JsonNodeFactory.instance.objectNode().put("event_type", "update").put("subscription_id", subscriptionId)
        .put("resume_token", token).putRawValue("update", new RawValue(JSON)).toString();
  }

  @Test
  void shouldWriteAnUpdateAsTheJsonTreeDid() throws Exception {
    for (String[] idAndToken : new String[][] {{"s1", "2AAAAAQEBAQ-_x"}, {"s\"2\\", "tok\u00e9\n"}}) {
      Subscription.Deliver d = new Subscription.Deliver(new UpdateEvent(7, 0, 3, null, UPDATE), idAndToken[1]);
      String text = WsMessages.update(idAndToken[0], d);
      assertThat(text).isEqualTo(tree(idAndToken[0], idAndToken[1]));
      JsonNode parsed = new ObjectMapper().readTree(text);
      assertThat(parsed.path("resume_token").asText()).isEqualTo(idAndToken[1]);
      assertThat(parsed.path("update").path("data").path("message").asText()).isEqualTo("caf\u00e9 \"quoted\"");
    }
  }
}
