package io.mmpipe.gateway.ws;

import io.mmpipe.gateway.stream.Subscription;
import io.mmpipe.gateway.stream.UpdateEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The UTF-8 bytes of {@link WsMessages#update} messages, shared by the subscribers that send the same one: the same
 * update (one instance in the ring), at the same position (live subscribers share a resume token) under the same
 * subscription id (most connections hold one, {@code s1}). At 10,000 subscribers each update was built into a String
 * and encoded to UTF-8 10,000 times (half the gateway's allocation in a JFR of the fan-out bench). A fixed number of
 * slots, each the last message hashed to it: a miss only costs the build it saved.
 */
final class UpdateFrames {

  static final int SLOTS = 1024;

  private record Entry(UpdateEvent event, String token, String subscriptionId, ByteBuffer utf8) {}

  private final AtomicReferenceArray<Entry> slots = new AtomicReferenceArray<>(SLOTS);

  /** The message's UTF-8 bytes, as a buffer of the caller's own (its position and limit are the caller's). */
  ByteBuffer frame(String subscriptionId, Subscription.Deliver d) {
    int h = System.identityHashCode(d.event()) * 31 + subscriptionId.hashCode();
    int slot = (h ^ (h >>> 16)) & (SLOTS - 1);
    Entry e = slots.get(slot);
    if (e == null || e.event() != d.event() || !e.token().equals(d.token())
        || !e.subscriptionId().equals(subscriptionId)) {
      byte[] bytes = WsMessages.update(subscriptionId, d).getBytes(StandardCharsets.UTF_8);
      e = new Entry(d.event(), d.token(), subscriptionId, ByteBuffer.wrap(bytes).asReadOnlyBuffer());
      slots.set(slot, e);
    }
    return e.utf8().duplicate();
  }

  /** How many slots hold a message (at most {@link #SLOTS}, whatever was sent). */
  int held() {
    int n = 0;
    for (int i = 0; i < slots.length(); i++) {
      n += slots.get(i) == null ? 0 : 1;
    }
    return n;
  }
}
