package io.mmpipe.sim;

/** Generates a steady mix of user activity in the simulated world. */
public interface LoadGenerator {

  /** What the load makes. */
  enum Mode {
    /** The documented mix of changes ({@link #start(double, int)}). */
    MIX,
    /**
     * Root posts only, each stamped with its slot in the schedule ({@link LoadStamp}), for a benchmark that measures
     * from the slot on an open model: no slot is skipped however far behind the generator falls, so its own lateness
     * shows as latency instead of as posts never made.
     */
    POSTS
  }

  /**
   * Starts (or re-targets) the load: new posts ~45%, replies ~15%, edits ~10%, deletes ~5%, reaction adds ~18%,
   * removes ~7%, plus some typing, spread over the first {@code channels} channels of the bot. Messages read like
   * team chat (built-in sentences, some @mentioning channel members, about one new post in 20 with an attachment,
   * reactions from common and custom emoji), all chosen by the simulator's seed.
   */
  default void start(double changesPerSecond, int channels) {
    start(changesPerSecond, channels, Mode.MIX);
  }

  /** Starts (or re-targets) the load in {@code mode}; the slot count of {@link Mode#POSTS} starts again at 0. */
  void start(double changesPerSecond, int channels, Mode mode);

  void stop();

  boolean running();

  long changesMade();

  /**
   * How far behind its schedule the running (or last) load fell at worst, in microseconds: a change made this late
   * after its slot. The simulator's clock cannot tell (it runs ahead of the wall clock above 1,000 changes/s).
   */
  long maxBehindMicros();
}
