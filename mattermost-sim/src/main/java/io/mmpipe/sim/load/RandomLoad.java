package io.mmpipe.sim.load;

import io.mmpipe.sim.LoadGenerator;
import io.mmpipe.sim.SimPost;
import io.mmpipe.sim.WorldControls;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A seeded load generator: one virtual thread paces changes at the requested rate (catching up after slow steps
 * rather than drifting) and picks actions by the documented mix, or makes stamped root posts only
 * ({@link Mode#POSTS}).
 */
public final class RandomLoad implements LoadGenerator, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(RandomLoad.class);
  private static final int RECENT = 200;
  /**
   * Reactions remembered for a later removal: the oldest is forgotten (it just stays on its post), so the list, and
   * the scan a delete makes of it, stay bounded however long the load runs.
   */
  static final int REACTIONS = 1_000;
  /** About one new root post in this many carries an attachment. */
  private static final int FILE_EVERY = 20;

  private final WorldControls world;
  private final Function<String, List<String>> membersOf; // channel -> non-bot members
  private final Function<String, String> usernameOf;
  private final Random random;
  private final AtomicLong made = new AtomicLong();
  private final AtomicLong maxBehindNanos = new AtomicLong();
  private final List<SimPost> recent = new ArrayList<>();
  private final List<String[]> reactions = new ArrayList<>(); // {user, post, emoji}
  private Thread worker;
  private volatile boolean running;

  /**
   * @param membersOf a channel's non-bot member ids, in a stable order (the seeded choices index into it)
   * @param usernameOf a user id's username, for @mentions
   */
  public RandomLoad(WorldControls world, Function<String, List<String>> membersOf, Function<String, String> usernameOf,
      long seed) {
    this.world = world;
    this.membersOf = membersOf;
    this.usernameOf = usernameOf;
    this.random = new Random(seed);
  }

  @Override
  public synchronized void start(double changesPerSecond, int channels, Mode mode) {
    if (changesPerSecond <= 0 || channels <= 0) {
      throw new IllegalArgumentException("rate and channels must be positive");
    }
    stop();
    List<String> targets = new ArrayList<>();
    for (String c : world.botChannelIds()) {
      if (targets.size() < channels && !membersOf.apply(c).isEmpty()) {
        targets.add(c);
      }
    }
    running = true;
    maxBehindNanos.set(0);
    long intervalNanos = (long) (1e9 / changesPerSecond);
    worker = Thread.ofVirtual().name("sim-load").start(switch (mode) {
      case MIX -> () -> run(targets, intervalNanos);
      case POSTS -> () -> runPosts(targets, intervalNanos);
    });
    log.info("load started: {} changes/s over {} channels ({})", changesPerSecond, targets.size(), mode);
  }

  private void run(List<String> channels, long intervalNanos) {
    long next = System.nanoTime();
    while (running) {
      next += intervalNanos;
      stepOnce(channels);
      long wait = next - System.nanoTime();
      if (-wait > maxBehindNanos.get()) {
        maxBehindNanos.set(-wait); // this thread alone writes it
      }
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          return;
        }
      } else if (-wait > TimeUnit.SECONDS.toNanos(1)) {
        next = System.nanoTime(); // hopelessly behind: do not burst to catch up a whole second
      } else {
        // behind: catch up, but let the other virtual threads (socket writers) run, as they are not time-sliced
        Thread.yield();
      }
    }
  }

  /**
   * {@link Mode#POSTS}: slot {@code k} is due at the start plus {@code k} intervals, whatever happened before; a post
   * made late carries its lateness, and no slot is skipped (the open model a latency benchmark needs).
   */
  private void runPosts(List<String> channels, long intervalNanos) {
    long startNanos = System.nanoTime();
    long startMicros = epochMicros();
    for (long k = 0; running; k++) {
      long due = startNanos + k * intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          return;
        }
      } else {
        Thread.yield(); // behind: let the socket writers (virtual threads, not time-sliced) run between posts
      }
      long late = Math.max(0, System.nanoTime() - due);
      if (late > maxBehindNanos.get()) {
        maxBehindNanos.set(late); // this thread alone writes it
      }
      postOnce(channels, new LoadStamp(k, startMicros + (due - startNanos) / 1000, late / 1000));
    }
  }

  /** One stamped root post in a channel picked by the seeded random (tests drive it directly). */
  void postOnce(List<String> channels, LoadStamp stamp) {
    try {
      String channel = channels.get(random.nextInt(channels.size()));
      List<String> members = membersOf.apply(channel);
      world.createPost(members.get(random.nextInt(members.size())), channel, stamp.message());
      made.incrementAndGet();
    } catch (RuntimeException e) {
      log.debug("load post skipped: {}", e.toString());
    }
  }

  /** The wall clock in microseconds (the stamp is read in another process, which shares only this clock). */
  private static long epochMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
  }

  /** One change in a channel picked by the seeded random (the worker's loop body; tests drive it directly). */
  void stepOnce(List<String> channels) {
    try {
      step(channels.get(random.nextInt(channels.size())));
    } catch (RuntimeException e) {
      log.debug("load step skipped: {}", e.toString());
    }
  }

  private void step(String channel) {
    List<String> members = membersOf.apply(channel);
    String user = members.get(random.nextInt(members.size()));
    int roll = random.nextInt(100);
    if (random.nextInt(10) == 0) {
      world.typing(user, channel, ""); // typing is not a change; it rides along
    }
    synchronized (recent) {
      List<SimPost> inChannel = recent.stream().filter(p -> p.channelId().equals(channel)).toList();
      if (roll < 45 || inChannel.isEmpty()) {
        String text = ChatCorpus.post(random, others(members, user));
        if (random.nextInt(FILE_EVERY) == 0) {
          ChatCorpus.Attachment a = ChatCorpus.attachment(random);
          remember(world.createPostWithFile(user, channel, text, a.name(), a.mimeType(), a.size()));
        } else {
          remember(world.createPost(user, channel, text));
        }
      } else if (roll < 60) {
        SimPost root = inChannel.get(random.nextInt(inChannel.size()));
        remember(world.createReply(user, root.rootId().isEmpty() ? root.id() : root.rootId(),
            ChatCorpus.reply(random, others(members, user))));
      } else if (roll < 70) {
        SimPost p = inChannel.get(random.nextInt(inChannel.size()));
        SimPost edited = world.editPost(p.id(), ChatCorpus.edit(random, p.message()));
        recent.replaceAll(r -> r.id().equals(edited.id()) ? edited : r); // a later edit starts from this text
      } else if (roll < 75) {
        SimPost p = inChannel.get(random.nextInt(inChannel.size()));
        world.deletePost(p.id());
        recent.removeIf(r -> r.id().equals(p.id()) || r.rootId().equals(p.id()));
        reactions.removeIf(r -> r[1].equals(p.id()));
      } else if (roll < 93 || reactions.isEmpty()) {
        SimPost p = inChannel.get(random.nextInt(inChannel.size()));
        String emoji = ChatCorpus.emoji(random);
        world.addReaction(user, p.id(), emoji);
        reactions.add(new String[] {user, p.id(), emoji});
        if (reactions.size() > REACTIONS) {
          reactions.remove(0);
        }
      } else {
        String[] r = reactions.remove(random.nextInt(reactions.size()));
        world.removeReaction(r[0], r[1], r[2]);
      }
    }
    made.incrementAndGet();
  }

  /** Reactions remembered for a later removal (bounded by {@link #REACTIONS}). */
  int rememberedReactions() {
    synchronized (recent) {
      return reactions.size();
    }
  }

  /** Usernames of the channel's other members: people mention others, not themselves. */
  private List<String> others(List<String> members, String author) {
    List<String> names = new ArrayList<>();
    for (String m : members) {
      if (!m.equals(author)) {
        names.add(usernameOf.apply(m));
      }
    }
    return names;
  }

  private void remember(SimPost p) {
    recent.add(p);
    if (recent.size() > RECENT) {
      recent.remove(0);
    }
  }

  @Override
  public synchronized void stop() {
    running = false;
    Thread w = worker;
    worker = null;
    if (w != null) {
      w.interrupt();
      try {
        w.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean running() {
    return running;
  }

  @Override
  public long changesMade() {
    return made.get();
  }

  @Override
  public long maxBehindMicros() {
    return maxBehindNanos.get() / 1000;
  }

  @Override
  public void close() {
    stop();
  }
}
