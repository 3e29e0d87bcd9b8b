package io.mmpipe.gateway.broadcast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.Broadcast;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.schemas.json.ResourceUpdateJson;
import org.junit.jupiter.api.Test;

/** A record of mm.broadcasts, read from its bytes, is the ResourceUpdate of docs/contracts.md "Broadcast". */
class BroadcastUpdatesTest {

  private static byte[] bytes(Broadcast b) {
    return Topics.DEFAULT.broadcasts().valueSerde().serializer().serialize("mm.broadcasts", b);
  }

  private static Broadcast.Builder broadcast() {
    return Broadcast.newBuilder().setBroadcastId("b-1").setType("warning").setText("disk at 91%")
        .setSender("ops-bot").setCreatedAt(1_700_000_000_123L);
  }

  @Test
  void shouldReadABroadcastAsTheContractsResourceUpdate() {
    ResourceUpdate u = new BroadcastUpdates().read("mm.broadcasts",
        bytes(broadcast().setDataJson("{\"host\":\"db1\",\"pct\":91}").build()));

    JsonNode json = ResourceUpdateJson.read(ResourceUpdateJson.write(u));
    assertThat(json.get("resource_uri").asText()).isEqualTo("stream://broadcasts");
    assertThat(json.get("update_type").asText()).isEqualTo("warning");
    assertThat(json.get("event_id").asText()).isEqualTo("broadcast_b-1");
    assertThat(json.get("timestamp").decimalValue()).isEqualByComparingTo("1700000000.123");
    assertThat(json.get("data").toString()).isEqualTo("{\"broadcast_id\":\"b-1\",\"type\":\"warning\","
        + "\"text\":\"disk at 91%\",\"data\":{\"host\":\"db1\",\"pct\":91},\"sender\":\"ops-bot\"}");
    assertThat(u.getChannelId()).isNull();
    assertThat(u.getObservedAt()).isEqualTo(1_700_000_000_123L);
  }

  @Test
  void shouldWriteNullDataWhenTheBroadcastHasNone() {
    ResourceUpdate u = new BroadcastUpdates().read("mm.broadcasts", bytes(broadcast().build()));
    assertThat(ResourceUpdateJson.read(u.getDataJson()).get("data").isNull()).isTrue();
  }

  @Test
  void shouldFailOnBytesThatAreNoBroadcastSoTheDecoderCountsAndSkipsThem() {
    assertThatThrownBy(() -> new BroadcastUpdates().read("mm.broadcasts", new byte[] {1, 2, 3}))
        .isInstanceOf(RuntimeException.class);
  }
}
