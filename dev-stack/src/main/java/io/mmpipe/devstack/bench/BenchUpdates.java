package io.mmpipe.devstack.bench;

import io.mmpipe.schemas.avro.ResourceUpdate;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The updates the bench writes straight to {@code mm.updates}: a new post as the processor writes it, over
 * {@link #CHANNELS} channels (the record key, so one channel is one partition's order), numbered by {@code i}.
 */
final class BenchUpdates {

  static final int CHANNELS = 10;
  private static final String EVENT_PREFIX = "post_bench";

  private BenchUpdates() {}

  static String channel(long i) {
    return "c" + (i % CHANNELS);
  }

  /** Update {@code i}, carrying {@code sentMicros} as {@code "sent_us"} in its data (read by DeliveryCounter). */
  static ResourceUpdate update(long i, long sentMicros) {
    String channel = channel(i);
    String post = String.format("bench%021d", i);
    String data = "{\"post\":{\"id\":\"" + post + "\",\"channel_id\":\"" + channel + "\",\"user_id\":\"u1\","
        + "\"message\":\"benchmark update " + i + "\",\"create_at\":" + sentMicros / 1000 + "},\"channel_id\":\""
        + channel + "\",\"user_id\":\"u1\",\"team_id\":\"t1\",\"sent_us\":" + sentMicros + "}";
    return ResourceUpdate.newBuilder().setEventId("post_" + post).setResourceUri("mattermost://new_channel_posts")
        .setUpdateType("created").setDataJson(data).setTimestamp(sentMicros / 1e6).setChannelId(channel)
        .setTeamId("t1").setUserId("u1").setObservedAt(sentMicros / 1000).build();
  }

  /** The number {@code i} of a bench update from its SSE/JSON text ({@code "event_id":"post_bench000..i"}), or -1. */
  static long number(String json) {
    return numberAfter(json, EVENT_PREFIX);
  }

  /** The decimal number right after the first {@code mark} in {@code text}, or -1 when there is none. */
  static long numberAfter(String text, String mark) {
    int at = text.indexOf(mark);
    if (at < 0) {
      return -1;
    }
    long v = 0;
    int k = at + mark.length();
    boolean any = false;
    while (k < text.length() && text.charAt(k) >= '0' && text.charAt(k) <= '9') {
      v = v * 10 + (text.charAt(k++) - '0');
      any = true;
    }
    return any ? v : -1;
  }

  /** A producer of updates; {@code lingerMs} 0 for paced sends, a few ms to write a backlog in batches. */
  static KafkaProducer<String, ResourceUpdate> producer(Map<String, Object> clientProperties,
      io.mmpipe.schemas.Topics topics, int lingerMs) {
    Map<String, Object> props = new HashMap<>(clientProperties);
    props.put("acks", "all");
    props.put("linger.ms", String.valueOf(lingerMs));
    if (lingerMs > 0) {
      props.put("batch.size", String.valueOf(256 * 1024));
      props.put("compression.type", "none");
    }
    return new KafkaProducer<>(props, topics.updates().keySerde().serializer(),
        topics.updates().valueSerde().serializer());
  }
}
