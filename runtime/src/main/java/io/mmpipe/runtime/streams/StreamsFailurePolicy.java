package io.mmpipe.runtime.streams;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an exception that escaped a stream thread means. A transient one (Kafka marks them {@link RetriableException}:
 * a broker briefly away, a timeout) costs only the thread, which Streams replaces; the task resumes from its last
 * committed transaction, so nothing is lost or doubled. Anything else, or transient failures coming back faster than
 * {@link #MAX_REPLACEMENTS} per {@link #WINDOW}, will not heal by retrying: this instance shuts down and exits
 * non-zero, so an orchestrator restarts it and says so, instead of a JVM that lives on with Streams in ERROR.
 */
public final class StreamsFailurePolicy implements StreamsUncaughtExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(StreamsFailurePolicy.class);
  static final int MAX_REPLACEMENTS = 5;
  static final Duration WINDOW = Duration.ofMinutes(10);
  private static final int MAX_CAUSES = 32;

  private final LongSupplier nanoTime;
  private final Deque<Long> replacements = new ArrayDeque<>(); // bounded: at most MAX_REPLACEMENTS entries
  private int replaced;
  private volatile String fatal;

  public StreamsFailurePolicy(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  @Override
  public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
    long now = nanoTime.getAsLong();
    while (!replacements.isEmpty() && now - replacements.peekFirst() > WINDOW.toNanos()) {
      replacements.pollFirst();
    }
    if (isTransient(exception) && replacements.size() < MAX_REPLACEMENTS) {
      replacements.addLast(now);
      replaced++;
      log.warn("stream thread failed with a transient error; replacing it ({} of at most {} per {}): {}",
          replacements.size(), MAX_REPLACEMENTS, WINDOW, describe(exception));
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
    fatal = (isTransient(exception) ? "transient errors keep coming back (" + MAX_REPLACEMENTS + " in " + WINDOW
        + "): " : "") + describe(exception);
    log.error("stream thread failed with a fatal error; shutting this application down so that it is restarted: {}",
        fatal, exception);
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  /** Stream threads replaced after a transient failure since start. */
  public synchronized int replaced() {
    return replaced;
  }

  /** Why the application shuts down, or null while it has not. */
  public String fatal() {
    return fatal;
  }

  /** Retriable somewhere in the cause chain (Streams wraps what it catches), and never an auth failure. */
  static boolean isTransient(Throwable e) {
    boolean retriable = false;
    int depth = 0;
    for (Throwable t = e; t != null && depth < MAX_CAUSES; t = t.getCause(), depth++) {
      if (t instanceof Error || t instanceof AuthenticationException || t instanceof AuthorizationException) {
        return false;
      }
      retriable |= t instanceof RetriableException;
    }
    return retriable;
  }

  /** The exception and its root cause, in one line for the log and the health report. */
  static String describe(Throwable e) {
    Throwable root = e;
    for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < MAX_CAUSES; depth++) {
      root = root.getCause();
    }
    String text = e.getClass().getSimpleName() + ": " + e.getMessage();
    return root == e ? text : text + " (cause " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
  }
}
