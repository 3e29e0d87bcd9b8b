package io.mmpipe.gateway.kafka;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;

/**
 * One Kafka consumer polled on its own platform thread (a consumer is single-threaded and polls in a tight loop,
 * so a virtual thread gains nothing). Owns the lifecycle the features would otherwise each repeat: the consumer is
 * created on the thread, {@link #close()} stops the loop, wakes a blocked poll and waits for the thread to end.
 */
public final class ConsumerThread implements AutoCloseable {

  /** The feature's poll loop; it should return once {@link ConsumerThread#running()} turns false. */
  @FunctionalInterface
  public interface Loop {
    void run(KafkaConsumer<byte[], byte[]> consumer) throws InterruptedException;
  }

  private final Map<String, Object> props;
  private final Loop loop;
  private final Consumer<RuntimeException> onFailure;
  private final Runnable onExit;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread thread;
  private volatile KafkaConsumer<byte[], byte[]> consumer;

  /**
   * @param onFailure told about a runtime failure that ended the loop (not about the wakeup or interrupt of close)
   * @param onExit    run on the consumer thread after the loop ended, however it ended
   */
  public ConsumerThread(String threadName, Map<String, Object> props, Loop loop,
                        Consumer<RuntimeException> onFailure, Runnable onExit) {
    this.props = Map.copyOf(props);
    this.loop = loop;
    this.onFailure = onFailure;
    this.onExit = onExit;
    this.thread = Thread.ofPlatform().name(threadName).daemon(true).unstarted(this::run);
  }

  public void start() {
    thread.start();
  }

  /** False once {@link #close()} was called. */
  public boolean running() {
    return running.get();
  }

  private void run() {
    try (KafkaConsumer<byte[], byte[]> c = ByteConsumers.open(props)) {
      consumer = c;
      // close() may have run before the consumer existed, so it could not wake it: do not start polling
      if (running.get()) {
        loop.run(c);
      }
    } catch (WakeupException | InterruptedException e) {
      // closing
    } catch (RuntimeException e) {
      onFailure.accept(e);
    } finally {
      onExit.run();
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      running.set(false);
      KafkaConsumer<byte[], byte[]> c = consumer;
      if (c != null) {
        c.wakeup();
      }
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
