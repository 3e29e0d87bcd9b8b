package io.mmpipe.gateway.broadcast;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mmpipe.gateway.stream.StreamDirectory;
import io.mmpipe.gateway.stream.UpdateReader;
import io.mmpipe.schemas.AvroSerde;
import org.apache.kafka.common.serialization.Deserializer;
import io.mmpipe.schemas.avro.Broadcast;
import io.mmpipe.schemas.avro.ResourceUpdate;

/**
 * Reads the records of {@code mm.broadcasts} as the ResourceUpdate every subscriber already knows
 * (docs/contracts.md "Broadcast"): resource {@code stream://broadcasts}, update type = the broadcast's type,
 * event id {@code broadcast_<id>}, and the broadcast itself as data. So the broadcasts run through the same ring,
 * subscriptions and transports as the updates.
 */
public final class BroadcastUpdates implements UpdateReader {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Deserializer<Broadcast> serde;

  /** Reads single-object records only (tests). */
  public BroadcastUpdates() {
    this(AvroSerde.of(Broadcast.class));
  }

  /** @param serde the topic's own serde: registry mode included */
  public BroadcastUpdates(Deserializer<Broadcast> serde) {
    this.serde = serde;
  }

  @Override
  public ResourceUpdate read(String topic, byte[] value) {
    Broadcast b = serde.deserialize(topic, value);
    return b == null ? null : toUpdate(b);
  }

  /** The update a broadcast is delivered as. */
  public static ResourceUpdate toUpdate(Broadcast b) {
    ObjectNode data = JSON.createObjectNode().put("broadcast_id", b.getBroadcastId()).put("type", b.getType())
        .put("text", b.getText());
    data.set("data", b.getDataJson() == null ? JSON.nullNode() : parse(b.getDataJson()));
    data.put("sender", b.getSender());
    return ResourceUpdate.newBuilder()
        .setEventId("broadcast_" + b.getBroadcastId())
        .setResourceUri(StreamDirectory.BROADCASTS)
        .setUpdateType(b.getType())
        .setDataJson(data.toString())
        .setTimestamp(b.getCreatedAt() / 1000.0)
        // the delivery latency meter reads this: a broadcast's source event is its acceptance
        .setObservedAt(b.getCreatedAt())
        .build();
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      // the publisher writes only objects it parsed; another writer's text is kept as text rather than lost
      return JSON.getNodeFactory().textNode(json);
    }
  }
}
