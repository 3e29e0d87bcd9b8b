package io.mmpipe.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.analytics.activity.ChannelPartitioner;
import io.mmpipe.schemas.avro.ChannelActivity;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class ChannelPartitionerTest {

  @Test
  void shouldPutEveryWindowOfAChannelWhereTheProducerPutsItsUpdates() {
    ChannelPartitioner partitioner = new ChannelPartitioner();
    for (int i = 0; i < 200; i++) {
      String channel = "channel" + i;
      int updates = BuiltInPartitioner.partitionForKey(channel.getBytes(StandardCharsets.UTF_8), 6);
      for (String window : new String[] {"minute", "hour"}) {
        ChannelActivity a = ChannelActivity.newBuilder().setChannelId(channel).setWindow(window)
            .setWindowStart(i * 60_000L).setWindowEnd(i * 60_000L + 60_000).build();
        assertThat(partitioner.partitions("t", AnalyticsTopology.key(channel, window, a.getWindowStart()), a, 6))
            .hasValueSatisfying(p -> assertThat(p).containsExactly(updates));
      }
    }
  }
}
