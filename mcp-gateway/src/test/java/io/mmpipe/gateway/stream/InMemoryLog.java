package io.mmpipe.gateway.stream;

import io.mmpipe.gateway.TestUpdates;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A partitioned log in memory standing in for mm.updates in unit tests: records appended here are what a catch-up
 * reader replays, and (when passed to a ring) what the live consumer saw.
 */
final class InMemoryLog implements CatchUpSource {

  final List<List<UpdateEvent>> partitions = new ArrayList<>();
  int opened;

  InMemoryLog(int partitionCount) {
    for (int i = 0; i < partitionCount; i++) {
      partitions.add(new ArrayList<>());
    }
  }

  /** Appends a post to a partition and returns the event (with its offset). */
  synchronized UpdateEvent append(int partition, String channel, String postId) {
    ResourceUpdate u = TestUpdates.post(channel, postId, "m " + postId);
    List<UpdateEvent> p = partitions.get(partition);
    UpdateEvent e = new UpdateEvent(-1, partition, p.size(), u, UpdateJson.of(u));
    p.add(e);
    return e;
  }

  @Override
  public synchronized CatchUp open(long[] positions) {
    opened++;
    long[] next = positions.clone();
    return new CatchUp() {
      @Override
      public List<UpdateEvent> poll(Duration timeout) {
        // interleave partitions unevenly (3, 1, 2 records per poll), as a real consumer may
        List<UpdateEvent> out = new ArrayList<>();
        synchronized (InMemoryLog.this) {
          for (int p = 0; p < partitions.size(); p++) {
            List<UpdateEvent> part = partitions.get(p);
            for (int i = 0; i < new int[] {3, 1, 2}[p % 3] && next[p] < part.size(); i++) {
              out.add(part.get((int) next[p]++));
            }
          }
        }
        return out;
      }

      @Override
      public void close() {}
    };
  }
}
