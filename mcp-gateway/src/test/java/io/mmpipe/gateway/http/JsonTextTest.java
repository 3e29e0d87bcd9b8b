package io.mmpipe.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.RecyclerPool;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class JsonTextTest {

  @Test
  void shouldWriteWhatToStringWrites() {
    ObjectNode n = JsonText.MAPPER.createObjectNode().put("a", "quote \" and \\ and é").put("b", 1);
    n.putArray("c").add(true).addNull();
    assertThat(JsonText.write(n)).isEqualTo(n.toString());
  }

  @Test
  void shouldKeepAtMostTheBoundOfBufferSetsWhateverTheNumberOfThreads() throws Exception {
    RecyclerPool<?> pool = JsonText.MAPPER.getFactory()._getRecyclerPool();
    assertThat(pool).isInstanceOf(RecyclerPool.BoundedPoolBase.class); // not one per thread (thread-local)
    RecyclerPool.BoundedPoolBase<?> bounded = (RecyclerPool.BoundedPoolBase<?>) pool;
    assertThat(bounded.capacity()).isEqualTo(JsonText.POOLED);
    ObjectNode n = JsonText.MAPPER.createObjectNode().put("text", "x".repeat(20_000));
    int threads = JsonText.POOLED * 3;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> all = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      all.add(Thread.ofVirtual().start(() -> {
        try {
          start.await();
          for (int k = 0; k < 20; k++) {
            JsonText.write(n);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }));
    }
    start.countDown();
    for (Thread t : all) {
      t.join();
    }
    assertThat(bounded.pooledCount()).isBetween(1, JsonText.POOLED);
  }
}
