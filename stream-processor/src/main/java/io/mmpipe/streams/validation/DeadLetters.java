package io.mmpipe.streams.validation;

import io.mmpipe.schemas.avro.DeadLetter;
import java.nio.ByteBuffer;

/** Builds the DLQ value: the bytes we could not use, why, and where they came from. */
public final class DeadLetters {

  public static final String COMPONENT = "stream-processor";

  private DeadLetters() {}

  public static DeadLetter of(String reason, String topic, Integer partition, Long offset, byte[] value,
      Throwable error) {
    return DeadLetter.newBuilder()
        .setReason(reason == null ? "unknown" : reason)
        .setComponent(COMPONENT)
        .setSourceTopic(topic)
        .setSourcePartition(partition)
        .setSourceOffset(offset)
        .setValue(value == null ? null : ByteBuffer.wrap(value))
        .setFailedAt(System.currentTimeMillis())
        .setErrorClass(error == null ? null : error.getClass().getName())
        .build();
  }

  /** The message of the root cause: what an operator needs to see first. */
  public static String reason(String stage, Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String msg = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
    if (root != error && root.getMessage() != null && !msg.contains(root.getMessage())) {
      msg = msg + " (" + root.getMessage() + ")";
    }
    return stage + ": " + msg;
  }
}
