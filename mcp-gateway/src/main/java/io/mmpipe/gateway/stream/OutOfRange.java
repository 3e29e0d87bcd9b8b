package io.mmpipe.gateway.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Moves a catch-up consumer whose fetch position left the log back into it, and says what that skipped. */
final class OutOfRange {

  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  private OutOfRange() {}

  static ResumeGap skip(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> outside, int partitions) {
    Map<TopicPartition, Long> start = consumer.beginningOffsets(outside.keySet(), TIMEOUT);
    List<ResumeGap.Lost> lost = new ArrayList<>();
    boolean recreated = false;
    for (var e : outside.entrySet()) {
      long from = e.getValue();
      long first = start.get(e.getKey());
      // below the start: retention deleted [from, first); otherwise the position is past the end of a new topic
      recreated |= from >= first;
      lost.add(new ResumeGap.Lost(e.getKey().partition(), from, from < first ? first : null));
      consumer.seek(e.getKey(), first);
    }
    long[] restart = new long[partitions];
    for (TopicPartition tp : consumer.assignment()) {
      restart[tp.partition()] = consumer.position(tp, TIMEOUT);
    }
    return new ResumeGap(recreated ? ResumeGap.Cause.TOPIC_RECREATED : ResumeGap.Cause.RETENTION, lost, restart);
  }
}
