package io.mmpipe.devstack.bench;

import io.mmpipe.sim.load.LoadStamp;
import io.mmpipe.schemas.avro.PostPayload;
import io.mmpipe.schemas.avro.RawEvent;
import io.mmpipe.schemas.avro.ResourceUpdate;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * Where a stamped post was seen on its way, per slot: the broker's append of its raw event (LogAppendTime), the
 * append of its update (LogAppendTime), the update's visibility to a read_committed reader (when a tap in the bench
 * took it: the processor's commit), and the SSE client's receipt. The hops between them say which part of the
 * pipeline the end-to-end latency is spent in.
 */
record E2eStages(SlotReceipts raw, SlotReceipts appended, SlotReceipts visible, SlotReceipts sse) {

  /** The hops, in order: a name and the histogram (microseconds) of the slots from {@code first} on. */
  record Hop(String name, Histogram latency) {}

  static E2eStages of(long sinceMicros, int slots) {
    return new E2eStages(new SlotReceipts(sinceMicros, slots), new SlotReceipts(sinceMicros, slots),
        new SlotReceipts(sinceMicros, slots), new SlotReceipts(sinceMicros, slots));
  }

  java.util.List<Hop> hops(int first) {
    return java.util.List.of(
        new Hop("slot -> raw append (generator, simulator WebSocket, ingestor)", SlotReceipts.between(null, raw, first)),
        new Hop("raw append -> update append (processor)", SlotReceipts.between(raw, appended, first)),
        new Hop("update append -> committed (commit wait)", SlotReceipts.between(appended, visible, first)),
        new Hop("committed -> SSE client (gateway)", SlotReceipts.between(visible, sse, first)));
  }

  /** The stamp in a raw event's post, if it is one of the load's. */
  static Optional<LoadStamp> stamp(RawEvent e) {
    return e.getPayload() instanceof PostPayload p && p.getPost() != null ? LoadStamp.find(p.getPost().getMessage())
        : Optional.empty();
  }

  static Optional<LoadStamp> stamp(ResourceUpdate u) {
    return LoadStamp.find(u.getDataJson());
  }
}
