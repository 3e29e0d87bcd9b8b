package io.mmpipe.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.mmpipe.gateway.TestUpdates;
import io.mmpipe.schemas.Topics;
import io.mmpipe.schemas.avro.ResourceUpdate;
import io.mmpipe.testkit.KafkaExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A thousand subscribers resume at once on a fresh instance, from positions that instance never read: a few pooled
 * Kafka readers serve them all, each hands over to the live ring although two partitions stay idle after
 * transaction markers, and every subscriber gets exactly what it missed.
 */
class ResumeStampedeIT {

  @RegisterExtension
  static final KafkaExtension KAFKA = new KafkaExtension();

  private static final int SUBSCRIBERS = 1000;
  private static final int READERS = 4;
  private static final int PER_PARTITION = 60;

  /** Counts the readers really opened on the broker and the most open at once. */
  private static final class Counting implements CatchUpSource {
    final CatchUpSource real;
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger maxOpen = new AtomicInteger();
    final AtomicInteger opened = new AtomicInteger();

    Counting(CatchUpSource real) {
      this.real = real;
    }

    @Override
    public CatchUp open(long[] positions) {
      CatchUp r = real.open(positions);
      opened.incrementAndGet();
      maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
      return CatchUpPool.onClose(r, open::decrementAndGet);
    }
  }

  /** Writes in transactions of five, as the stream processor does: every commit leaves a marker after the records. */
  private static List<List<String>> produce(KafkaProducer<String, ResourceUpdate> p, Topics topics, int partition,
                                            int n, String tag, List<List<String>> ids) {
    for (int i = 0; i < n; i += 5) {
      p.beginTransaction();
      for (int j = i; j < Math.min(n, i + 5); j++) {
        ResourceUpdate u = TestUpdates.post("c" + partition, tag + "-" + partition + "-" + j, "m");
        p.send(new ProducerRecord<>(topics.updates().name(), partition, u.getChannelId(), u));
        ids.get(partition).add(u.getEventId());
      }
      p.commitTransaction();
    }
    return ids;
  }

  @Test
  void shouldServeAThousandResumingSubscribersWithAFewReadersWithoutLossOrDuplicate() throws Exception {
    Topics topics = KAFKA.newTopics(3);
    String topic = topics.updates().name();
    Map<String, Object> producerProps = new HashMap<>(KAFKA.kafka().clientProperties());
    producerProps.put("transactional.id", KafkaExtension.uniqueName("stampede"));
    List<List<String>> ids = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    List<List<Long>> offsets = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    try (KafkaProducer<String, ResourceUpdate> producer = new KafkaProducer<>(producerProps,
        topics.updates().keySerde().serializer(), topics.updates().valueSerde().serializer())) {
      producer.initTransactions();
      for (int p = 0; p < 3; p++) {
        produce(producer, topics, p, PER_PARTITION, "old", ids);
      }
      // where each old record sits (markers make offsets skip): read them back through a reader at 0
      try (CatchUpSource.CatchUp all = new KafkaCatchUpSource(KAFKA.kafka().clientProperties(), topic, () -> { })
          .open(new long[3])) {
        int seen = 0;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (seen < 3 * PER_PARTITION && System.nanoTime() < until) {
          for (UpdateEvent e : all.poll(Duration.ofMillis(500))) {
            offsets.get(e.partition()).add(e.offset());
            seen++;
          }
        }
        assertThat(seen).isEqualTo(3 * PER_PARTITION);
      }

      // the fresh instance: it starts at the live tail, after every old record and marker
      UpdateRing ring = new UpdateRing(10_000);
      Counting readers = new Counting(new KafkaCatchUpSource(KAFKA.kafka().clientProperties(), topic, () -> { }));
      CatchUpPool pool = new CatchUpPool(readers, READERS);
      try (UpdateFanOut fanOut = new UpdateFanOut(KAFKA.kafka().clientProperties(), topic, ring, () -> { })) {
        assertThat(fanOut.start().awaitReady(Duration.ofSeconds(60))).isTrue();
        UpdateStreams streams = new UpdateStreams(ring, topic, 1000, pool, fanOut::live);

        // every subscriber saw a different prefix of each partition
        Random random = new Random(7);
        long[][] from = new long[SUBSCRIBERS][3];
        List<List<String>> expected = new ArrayList<>();
        for (int s = 0; s < SUBSCRIBERS; s++) {
          List<String> missed = new ArrayList<>();
          for (int p = 0; p < 3; p++) {
            int k = random.nextInt(PER_PARTITION + 1); // k records of p already seen
            from[s][p] = k == 0 ? 0 : offsets.get(p).get(k - 1) + 1;
            missed.addAll(ids.get(p).subList(k, PER_PARTITION));
          }
          expected.add(missed);
        }
        List<Future<List<String>>> results = new ArrayList<>();
        List<Subscription> subs = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
          for (int s = 0; s < SUBSCRIBERS; s++) {
            Subscription sub = streams.open(new UpdateStreams.FromToken(ResumeToken.encode(topic, from[s])),
                SubscriptionFilter.ALL, u -> true);
            subs.add(sub);
            int want = expected.get(s).size() + 20; // plus the live records below
            results.add(threads.submit(() -> drain(sub, want)));
          }
          // live traffic on partition 0 only: partitions 1 and 2 stay idle after their last commit marker
          List<List<String>> live = produce(producer, topics, 0, 20, "new",
              List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
          for (int s = 0; s < SUBSCRIBERS; s++) {
            List<String> got = results.get(s).get(5, TimeUnit.MINUTES);
            List<String> want = new ArrayList<>(expected.get(s));
            want.addAll(live.get(0));
            assertThat(got).as("subscriber %d", s).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(want);
            assertThat(subs.get(s).catchingUp()).as("subscriber %d handed over to the ring", s).isFalse();
          }
        } finally {
          subs.forEach(Subscription::close);
        }
        assertThat(readers.maxOpen.get()).isBetween(1, READERS);
        assertThat(readers.open.get()).isZero();
        assertThat(pool.live()).isZero();
        assertThat(readers.opened.get()).isLessThanOrEqualTo(SUBSCRIBERS);
        System.out.printf("resume stampede: %d subscribers, %d readers opened, at most %d at once%n",
            SUBSCRIBERS, readers.opened.get(), readers.maxOpen.get());
      }
    }
  }

  /** Reads until {@code want} updates arrived and the subscription is on the live ring. */
  private static List<String> drain(Subscription sub, int want) throws InterruptedException {
    List<String> got = new ArrayList<>();
    long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
    while (System.nanoTime() < until && (got.size() < want || sub.catchingUp())) {
      if (sub.next(Duration.ofSeconds(1)) instanceof Subscription.Deliver d) {
        got.add(d.event().update().getEventId());
      }
    }
    // anything beyond what was missed would be a duplicate: give it a moment to show up
    if (sub.next(Duration.ofMillis(200)) instanceof Subscription.Deliver d) {
      got.add(d.event().update().getEventId());
    }
    return got;
  }
}
