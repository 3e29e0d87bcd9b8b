package io.mmpipe.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.schemas.json.ResourceUpdateJson;
import org.junit.jupiter.api.Test;

class ResourceUpdateJsonTest {

  @Test
  void shouldWriteTheShapeSubscribersSeeWithDataAsAnObject() {
    ResourceUpdate u = ResourceUpdate.newBuilder()
        .setEventId("post_p1").setResourceUri("mattermost://new_channel_posts").setUpdateType("created")
        .setDataJson("{\"post\":{\"id\":\"p1\",\"message\":\"Hello world!\"},\"channel_id\":\"c1\"}")
        .setTimestamp(1672531200.123).build();
    String json = ResourceUpdateJson.write(u);
    assertThat(json).startsWith("{\"resource_uri\":\"mattermost://new_channel_posts\",\"update_type\":\"created\",")
        .contains("\"timestamp\":1672531200.123,").endsWith("\"event_id\":\"post_p1\"}");
    JsonNode tree = ResourceUpdateJson.read(json);
    assertThat(tree.get("data").isObject()).isTrue();
    assertThat(tree.at("/data/post/message").asText()).isEqualTo("Hello world!");
  }
}
