package io.mmpipe.devstack.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;

/**
 * The running stack: starts a {@link StackPlan}'s processes in three phases (brokers, Redis and the simulator; the
 * tiers; nginx), each waited for until healthy; records their pids in {@code <dir>/processes.tsv} (so {@code down}
 * and {@code status} work from another JVM); kills, stops and restarts single processes for the chaos suite. A
 * recorded pid is acted on only while the process with that pid is the one started (same start time), never a
 * later process that reused the number.
 */
public final class Stack {

  static final String STATE = "processes.tsv";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

  /** A started process: its spec, pid and start time. */
  public record Running(ManagedProcess spec, long pid, long startMillis) {

    Optional<ProcessHandle> handle() {
      return ProcessHandle.of(pid).filter(h -> h.isAlive() && h.info().startInstant()
          .map(i -> Math.abs(i.toEpochMilli() - startMillis) < 2_000).orElse(false));
    }
  }

  private final Path dir;
  private final StackPlan plan;
  private final Map<String, Running> running = new LinkedHashMap<>();
  private final int brokers;

  private Stack(Path dir, StackPlan plan, int brokers) {
    this.dir = dir;
    this.plan = plan;
    this.brokers = brokers;
  }

  /** Starts every process of the plan; on a failure stops what was started and throws with the log's tail. */
  public static Stack up(Path dir, StackPlan plan, int brokers) {
    if (!alive(dir).isEmpty()) {
      throw new IllegalStateException("a stack is already running from " + dir + ": stop it first (down)");
    }
    deleteRecursively(dir);
    Stack stack = new Stack(dir, plan, brokers);
    try {
      Files.createDirectories(dir.resolve("nginx"));
      Files.writeString(dir.resolve("nginx").resolve("nginx.conf"), plan.nginxConf());
      // in phases, every process of a phase started at once: what each needs is in an earlier phase
      for (int phase = 0; phase <= 2; phase++) {
        int current = phase;
        List<ManagedProcess> group = plan.processes().stream().filter(p -> phase(p) == current).toList();
        group.forEach(stack::start);
        for (ManagedProcess p : group) {
          stack.awaitHealthy(p.name(), START_TIMEOUT);
        }
        if (phase == 0) {
          stack.awaitBrokers(START_TIMEOUT);
        }
      }
      return stack;
    } catch (IOException e) {
      stack.stopAll();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      stack.stopAll();
      throw e;
    }
  }

  /** 0: brokers, Redis, the simulator; 1: the tiers (each creates the topics it needs); 2: nginx. */
  static int phase(ManagedProcess p) {
    return switch (p.tier()) {
      case "ingestor", "stream-processor", "mcp-gateway" -> 1;
      case "load-balancer" -> 2;
      default -> 0;
    };
  }

  public StackPlan plan() {
    return plan;
  }

  public Path dir() {
    return dir;
  }

  public String url() {
    return plan.url();
  }

  public List<String> names() {
    return List.copyOf(running.keySet());
  }

  public ManagedProcess spec(String name) {
    return plan.processes().stream().filter(p -> p.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no process " + name));
  }

  /** Starts (or starts again) one process, detached into its own session so a Ctrl-C of the launcher spares it. */
  public synchronized Running start(ManagedProcess p) {
    try {
      List<String> cmd = new ArrayList<>();
      if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
        cmd.add("/usr/bin/setsid"); // not a group leader, so setsid execs in place: the pid is the process's
      }
      cmd.addAll(p.command());
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(p.log().toFile()))
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      Map<String, String> env = pb.environment();
      Map<String, String> keep = new LinkedHashMap<>();
      for (String k : List.of("PATH", "HOME", "LANG", "TZ")) {
        if (env.get(k) != null) {
          keep.put(k, env.get(k));
        }
      }
      env.clear();
      env.putAll(keep);
      env.putAll(p.env());
      Files.createDirectories(p.log().getParent());
      Process proc = pb.start();
      long startMillis = proc.info().startInstant().map(Instant::toEpochMilli).orElse(System.currentTimeMillis());
      Running r = new Running(p, proc.pid(), startMillis);
      running.put(p.name(), r);
      save();
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + p.name() + ": " + e.getMessage(), e);
    }
  }

  /** Whether the process answers its health probe now. */
  public boolean healthy(String name) {
    return Health.healthy(spec(name).health());
  }

  /** Waits until the process answers its health probe; fails early when it exits. */
  public void awaitHealthy(String name, Duration timeout) {
    Running r = running.get(name);
    long until = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < until) {
      if (Health.healthy(r.spec().health())) {
        return;
      }
      if (r.handle().isEmpty()) {
        throw new IllegalStateException(name + " exited while starting; the end of " + r.spec().log() + ":\n"
            + tail(r.spec().log(), 25));
      }
      sleep(300);
    }
    throw new IllegalStateException(name + " was not healthy within " + timeout.toSeconds() + " s ("
        + r.spec().health() + " answered " + Health.probe(r.spec().health()) + "); the end of " + r.spec().log()
        + ":\n" + tail(r.spec().log(), 25));
  }

  /** Waits until every broker has registered (the tiers create their topics with the replication of the count). */
  void awaitBrokers(Duration timeout) {
    String bootstrap = String.join(",", plan.processes().stream().filter(p -> p.tier().startsWith("kafka"))
        .map(p -> p.health().replace("tcp://", "")).toList());
    long until = System.nanoTime() + timeout.toNanos();
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", bootstrap,
        "request.timeout.ms", 5000, "default.api.timeout.ms", 5000))) {
      while (System.nanoTime() < until) {
        try {
          if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() >= brokers) {
            return;
          }
        } catch (Exception e) {
          // not yet
        }
        sleep(500);
      }
    }
    throw new IllegalStateException(brokers + " brokers did not register within " + timeout.toSeconds() + " s");
  }

  /** kill -9: no shutdown hook runs, nothing is flushed or closed. */
  public void kill9(String name) {
    running.get(name).handle().ifPresent(h -> {
      h.destroyForcibly();
      h.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    });
  }

  /** SIGTERM, then SIGKILL after 30 s: the process closes in order. */
  public void stop(String name) {
    Running r = running.get(name);
    if (r != null) {
      stop(r);
    }
  }

  public Running restart(String name) {
    kill9(name);
    return start(spec(name));
  }

  public boolean alive(String name) {
    Running r = running.get(name);
    return r != null && r.handle().isPresent();
  }

  /** Stops every process, in the reverse order of starting. */
  public void stopAll() {
    List<Running> all = new ArrayList<>(running.values());
    for (int i = all.size() - 1; i >= 0; i--) {
      stop(all.get(i));
    }
    save();
  }

  private static void stop(Running r) {
    r.handle().ifPresent(h -> {
      h.destroy();
      try {
        h.onExit().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        h.destroyForcibly();
        h.onExit().orTimeout(30, TimeUnit.SECONDS).join();
      }
    });
  }

  private synchronized void save() {
    StringBuilder b = new StringBuilder("# name\tpid\tstart_ms\thealth\tlog\turl=" + plan.url() + "\n");
    running.values().forEach(r -> b.append(r.spec().name()).append('\t').append(r.pid()).append('\t')
        .append(r.startMillis()).append('\t').append(r.spec().health()).append('\t').append(r.spec().log())
        .append('\n'));
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(STATE), b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The processes recorded in {@code dir}, whether alive or not, in start order. */
  public static List<Running> recorded(Path dir) {
    Path file = dir.resolve(STATE);
    if (!Files.exists(file)) {
      return List.of();
    }
    try {
      List<Running> out = new ArrayList<>();
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        String[] f = line.split("\t");
        out.add(new Running(new ManagedProcess(f[0], f[0], List.of(), Map.of(), Path.of(f[4]), f[3]),
            Long.parseLong(f[1]), Long.parseLong(f[2])));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** nginx's address as recorded by {@code up}, if any. */
  public static Optional<String> recordedUrl(Path dir) {
    try {
      Path file = dir.resolve(STATE);
      return !Files.exists(file) ? Optional.empty() : Files.readAllLines(file).stream()
          .filter(l -> l.startsWith("#") && l.contains("url=")).map(l -> l.substring(l.indexOf("url=") + 4))
          .findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Running> alive(Path dir) {
    return recorded(dir).stream().filter(r -> r.handle().isPresent()).toList();
  }

  /** Stops every recorded process of {@code dir} in reverse order; returns the names stopped. */
  public static List<String> down(Path dir) {
    List<Running> all = recorded(dir);
    List<String> stopped = new ArrayList<>();
    for (int i = all.size() - 1; i >= 0; i--) {
      Running r = all.get(i);
      if (r.handle().isPresent()) {
        stop(r);
        stopped.add(r.spec().name());
      }
    }
    try {
      Files.deleteIfExists(dir.resolve(STATE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return stopped;
  }

  static String tail(Path log, int lines) {
    try {
      List<String> all = Files.exists(log) ? Files.readAllLines(log) : List.of();
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  /** Sleeps; an interrupt ends the command (what every wait of the stack and the chaos suite wants). */
  public static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
