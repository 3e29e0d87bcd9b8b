package io.mmpipe.devkit;

import java.util.concurrent.TimeUnit;

/** What every child process devkit starts (redis-server, the registry) needs when it is stopped. */
public final class Processes {

  private Processes() {}

  /**
   * Asks the process to stop (SIGTERM), waits up to {@code graceSeconds}, then kills it (SIGKILL) and waits a little
   * more; an interrupt while waiting kills it at once and keeps the interrupt flag.
   */
  public static void stop(Process process, long graceSeconds) {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** The wait between two looks at a starting child process; an interrupt ends the start. */
  public static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
