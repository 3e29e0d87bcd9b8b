package io.mmpipe.runtime.lifecycle;

import java.util.concurrent.CountDownLatch;

/** How a {@code *Main} runs until the JVM is asked to stop (SIGTERM, Ctrl-C), then closes what it started. */
public final class Shutdown {

  private Shutdown() {}

  /**
   * Registers one shutdown hook that closes {@code app}, then blocks until it has run. The tiers work on daemon and
   * virtual threads; without this wait the JVM would simply exit after {@code main}.
   */
  public static void closeOnExit(String name, AutoCloseable app) {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        app.close();
      } catch (Exception e) {
        System.err.println(name + ": error while stopping: " + e);
      } finally {
        stopped.countDown();
      }
    }, name + "-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
