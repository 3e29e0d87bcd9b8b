package io.mmpipe.gateway.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class UpdateRingTest {

  /** The ring's answer before the checkpoints: a scan of every event held, under no time pressure. */
  private static OptionalLong reference(UpdateRing ring, long[] start, long[] positions, long maxLag) {
    for (int p = 0; p < start.length; p++) {
      if (positions[p] < start[p]) {
        return OptionalLong.empty();
      }
    }
    long cursor = ring.head();
    for (long s = ring.oldest(); s < ring.head(); s++) {
      UpdateEvent e = ring.get(s);
      if (e.offset() >= positions[e.partition()]) {
        cursor = s;
        break;
      }
    }
    return ring.head() - cursor <= maxLag ? OptionalLong.of(cursor) : OptionalLong.empty();
  }

  private static UpdateEvent event(int partition, long offset) {
    return new UpdateEvent(-1, partition, offset, null, null);
  }

  @Test
  void shouldFindTheSameCursorAsAFullScanForEveryPositionAndRingSize() {
    Random random = new Random(42);
    for (int capacity : new int[] {1, 7, 50, 1000, 5000}) {
      int partitions = 1 + random.nextInt(4);
      UpdateRing ring = new UpdateRing(capacity);
      long[] next = new long[partitions];
      for (int p = 0; p < partitions; p++) {
        next[p] = random.nextInt(20);
      }
      ring.init(next);
      long[] start = next.clone(); // the reference's own eviction bookkeeping
      List<UpdateEvent> appended = new ArrayList<>();
      for (int round = 0; round < 40; round++) {
        List<UpdateEvent> batch = new ArrayList<>();
        for (int i = random.nextInt(capacity / 3 + 2); i > 0; i--) {
          int p = random.nextInt(partitions);
          next[p] += 1 + random.nextInt(3); // gaps stand for transaction markers
          batch.add(event(p, next[p] - 1));
        }
        ring.append(batch);
        appended.addAll(batch);
        for (int i = 0; i < appended.size() - capacity; i++) {
          UpdateEvent gone = appended.get(i);
          start[gone.partition()] = Math.max(start[gone.partition()], gone.offset() + 1);
        }
        for (int probe = 0; probe < 30; probe++) {
          long[] positions = new long[partitions];
          for (int p = 0; p < partitions; p++) {
            positions[p] = Math.max(0, start[p] - 2 + random.nextInt((int) (next[p] - start[p]) + 5));
          }
          long maxLag = random.nextBoolean() ? Long.MAX_VALUE : random.nextInt(capacity + 1);
          assertThat(ring.cursorFor(positions, maxLag))
              .as("capacity %d, positions %s", capacity, java.util.Arrays.toString(positions))
              .isEqualTo(reference(ring, start, positions, maxLag));
        }
      }
    }
  }

  @Test
  void shouldAnswerCursorForWhileAnAppendHoldsTheLock() throws Exception {
    UpdateRing ring = new UpdateRing(1000);
    ring.init(new long[] {0, 0});
    List<UpdateEvent> batch = new ArrayList<>();
    for (int i = 0; i < 900; i++) {
      batch.add(event(i % 2, i / 2));
    }
    ring.append(batch);
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread appender = Thread.ofPlatform().start(() -> ring.holdingAppendLock(() -> {
      held.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    try {
      assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<OptionalLong> answer =
          CompletableFuture.supplyAsync(() -> ring.cursorFor(new long[] {200, 300}, 1000));
      // with the lock taken by cursorFor this would never complete while the append holds it
      assertThat(answer.get(60, TimeUnit.SECONDS)).hasValue(400);
      assertThat(CompletableFuture.supplyAsync(ring::tail).get(60, TimeUnit.SECONDS).positions())
          .containsExactly(450, 450);
    } finally {
      release.countDown();
      appender.join();
    }
  }

  @Test
  void shouldNotCoverAPositionWhoseRecordsWereEvicted() {
    UpdateRing ring = new UpdateRing(4);
    ring.init(new long[] {10});
    ring.append(List.of(event(0, 10), event(0, 11), event(0, 12), event(0, 13), event(0, 14), event(0, 15)));
    assertThat(ring.cursorFor(new long[] {11}, 100)).isEmpty(); // offset 11 was overwritten
    assertThat(ring.cursorFor(new long[] {12}, 100)).hasValue(2);
    assertThat(ring.cursorFor(new long[] {16}, 100)).hasValue(6); // everything seen: the head
    assertThat(ring.cursorFor(new long[] {12}, 3)).isEmpty();     // 4 behind the head is more than 3
  }

  @Test
  void shouldWakeEveryWaitingReaderAtOnceAndKeepNoneRegisteredAfterwards() throws Exception {
    UpdateRing ring = new UpdateRing(16);
    ring.init(new long[] {0});
    int readers = 200;
    CountDownLatch woken = new CountDownLatch(readers);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < readers; i++) {
      threads.add(Thread.ofVirtual().start(() -> {
        try {
          if (ring.await(0, TimeUnit.MINUTES.toNanos(1))) {
            woken.countDown();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (ring.waiting() < readers && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(ring.waiting()).isEqualTo(readers); // one entry per waiting reader, no more

    ring.append(List.of(event(0, 0)));

    assertThat(woken.await(30, TimeUnit.SECONDS)).isTrue();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(ring.waiting()).isZero();
  }

  @Test
  void shouldLeaveTheWaitingSetOnTimeoutAndOnInterrupt() throws Exception {
    UpdateRing ring = new UpdateRing(16);
    ring.init(new long[] {0});
    for (int i = 0; i < 3; i++) {
      assertThat(ring.await(0, TimeUnit.MILLISECONDS.toNanos(5))).isFalse();
    }
    assertThat(ring.waiting()).isZero();

    CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
    Thread t = Thread.ofVirtual().start(() -> {
      try {
        ring.await(0, TimeUnit.MINUTES.toNanos(1));
        interrupted.complete(false);
      } catch (InterruptedException e) {
        interrupted.complete(true);
      }
    });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (ring.waiting() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    t.interrupt();
    assertThat(interrupted.get(30, TimeUnit.SECONDS)).isTrue();
    t.join();
    assertThat(ring.waiting()).isZero();
    ring.append(List.of(event(0, 0)));
    assertThat(ring.await(0, 0)).isTrue();
  }
}
