package io.mmpipe.runtime.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamsFailurePolicyTest {

  private final AtomicLong now = new AtomicLong();
  private final StreamsFailurePolicy policy = new StreamsFailurePolicy(now::get);

  @Test
  void shouldReplaceTheThreadForARetriableCauseWrappedByStreams() {
    assertThat(policy.handle(new StreamsException("task failed", new TimeoutException("broker slow"))))
        .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(policy.replaced()).isEqualTo(1);
    assertThat(policy.fatal()).isNull();
  }

  @Test
  void shouldShutDownOnAFatalError() {
    assertThat(policy.handle(new StreamsException("send failed", new RecordTooLargeException("too big"))))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    assertThat(policy.fatal()).contains("StreamsException: send failed")
        .contains("cause RecordTooLargeException: too big");
    assertThat(policy.replaced()).isZero();
  }

  @Test
  void shouldTreatAuthorizationAndJvmErrorsAsFatalEvenWithARetriableCause() {
    assertThat(StreamsFailurePolicy.isTransient(new TopicAuthorizationException("no"))).isFalse();
    assertThat(StreamsFailurePolicy.isTransient(new OutOfMemoryError())).isFalse();
    assertThat(StreamsFailurePolicy.isTransient(new StreamsException(new OutOfMemoryError()))).isFalse();
    assertThat(StreamsFailurePolicy.isTransient(new IllegalStateException("bug"))).isFalse();
    assertThat(StreamsFailurePolicy.isTransient(new StreamsException(new StreamsException(new TimeoutException()))))
        .isTrue();
  }

  @Test
  void shouldGiveUpWhenTransientFailuresComeBackTooOftenAndForgiveOldOnes() {
    for (int i = 0; i < StreamsFailurePolicy.MAX_REPLACEMENTS; i++) {
      assertThat(policy.handle(new TimeoutException("t" + i))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }
    StreamsFailurePolicy other = new StreamsFailurePolicy(now::get);
    for (int i = 0; i < StreamsFailurePolicy.MAX_REPLACEMENTS; i++) {
      other.handle(new TimeoutException("t" + i));
    }
    now.addAndGet(StreamsFailurePolicy.WINDOW.toNanos() + 1); // the earlier ones are out of the window
    assertThat(other.handle(new TimeoutException("later"))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(policy.handle(new TimeoutException("again")))
        .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD); // same clock moved for both
    StreamsFailurePolicy burst = new StreamsFailurePolicy(() -> 0L);
    for (int i = 0; i < StreamsFailurePolicy.MAX_REPLACEMENTS; i++) {
      burst.handle(new TimeoutException("t" + i));
    }
    assertThat(burst.handle(new TimeoutException("one too many"))).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    assertThat(burst.fatal()).startsWith("transient errors keep coming back");
  }
}
