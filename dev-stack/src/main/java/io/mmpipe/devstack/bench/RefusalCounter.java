package io.mmpipe.devstack.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * Counts the broker's and the producers' reports of an out-of-order sequence (KAFKA-18202: under transactions v2 the
 * broker refuses, retriably, a non-zero sequence to a partition that has no state for the producer yet). The
 * broker runs in the bench's JVM, so its log calls pass through this JVM's logback: a turbo filter sees every call,
 * whatever level is enabled (it decides before the level check), so the count does not depend on the log config.
 * Broker side: an {@code OutOfOrderSequenceException} in the call; client side: the producer's retry warning
 * naming {@code OUT_OF_ORDER_SEQUENCE_NUMBER}.
 */
final class RefusalCounter extends TurboFilter {

  private static final String BROKER_MARK = "OutOfOrderSequence";
  private static final String CLIENT_MARK = "OUT_OF_ORDER_SEQUENCE_NUMBER";

  private final LongAdder broker = new LongAdder();
  private final LongAdder client = new LongAdder();

  /** Installs a counter in the JVM's logback context, or returns null when logback is not the SLF4J binding. */
  static RefusalCounter install() {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return null;
    }
    RefusalCounter counter = new RefusalCounter();
    counter.setName("kafka-18202-refusals");
    counter.start();
    context.addTurboFilter(counter);
    return counter;
  }

  /** Broker-side refusals counted so far. */
  long broker() {
    return broker.sum();
  }

  /** Producer retries after a refusal counted so far. */
  long client() {
    return client.sum();
  }

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level == null || !level.isGreaterOrEqual(Level.WARN)) {
      return FilterReply.NEUTRAL;
    }
    Throwable thrown = t;
    boolean clientMark = format != null && format.contains(CLIENT_MARK);
    if (params != null) {
      for (Object p : params) {
        if (p instanceof Throwable th && thrown == null) {
          thrown = th;
        } else if (p != null && !clientMark && p.toString().contains(CLIENT_MARK)) {
          clientMark = true;
        }
      }
    }
    if (clientMark) {
      client.increment();
    } else if (mentions(thrown) || (format != null && format.contains(BROKER_MARK))) {
      broker.increment();
    }
    return FilterReply.NEUTRAL;
  }

  private static boolean mentions(Throwable t) {
    for (int depth = 0; t != null && depth < 5; t = t.getCause(), depth++) {
      if (t.getClass().getSimpleName().contains(BROKER_MARK)) {
        return true;
      }
    }
    return false;
  }
}
