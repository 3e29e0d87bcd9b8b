package io.mmpipe.devstack.chaos;

import io.mmpipe.devstack.stack.ManagedProcess;
import io.mmpipe.devstack.stack.Stack;
import io.mmpipe.devstack.stack.StackEnvironment;
import io.mmpipe.devstack.stack.StackMain;
import io.mmpipe.devstack.stack.StackOptions;
import io.mmpipe.devstack.stack.StackPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code ./mmpipe chaos quick|full [--only row,...]}: starts its own process stack (under {@code target/chaos/stack},
 * free ports, the simulator producing load; a second one of three brokers under {@code target/chaos/stack-brokers3}
 * for the quorum row), connects subscribers through nginx (SSE, resuming with {@code Last-Event-ID}), runs
 * each {@link Fault} and counts, per fault, what the control subscriber should have received for the changes made in
 * the simulator and what it did. Prints one table and writes it to {@code target/chaos/} (markdown and JSON). Exit
 * 1 when any row lost or duplicated an update or did not recover, 2 on bad input.
 */
public final class ChaosMain {

  private static final Duration RECOVER_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(120);
  private static final int STORM_CONNECTIONS = 10_000;

  private ChaosMain() {}

  public static void main(String[] args) {
    List<Fault> faults;
    String suite = args.length >= 1 ? args[0] : "";
    try {
      faults = Fault.parse(List.of(args));
    } catch (IllegalArgumentException e) {
      System.err.println("mmpipe chaos: " + e.getMessage());
      System.exit(2);
      return;
    }
    Path root = Path.of(System.getProperty("mmpipe.root", ".")).toAbsolutePath().normalize();
    try {
      System.exit(run(root, suite, faults) ? 0 : 1);
    } catch (RuntimeException e) {
      System.err.println("mmpipe chaos: " + e.getMessage());
      System.exit(1);
    }
  }

  static boolean run(Path root, String suite, List<Fault> faults) {
    Path out = root.resolve("target").resolve("chaos");
    Map<String, String> caller = new HashMap<>(System.getenv());
    caller.remove("MATTERMOST_URL"); // the faults are the simulator's: always run it
    caller.remove("MATTERMOST_TOKEN");
    String token = newToken();
    String stormToken = newToken(); // the storm's own principal: its refusals are not the control's
    caller.put("GATEWAY_API_TOKENS", "chaos=" + token + ",storm=" + stormToken);
    ledger(root, token);
    ledger(root, stormToken);
    List<ChaosReport.Row> rows = new ArrayList<>();
    List<String> topologies = new ArrayList<>();
    // one stack per shape the rows need, in the rows' order: compose's single broker, then the overlay's three
    for (int brokers : faults.stream().map(Fault::brokers).distinct().toList()) {
      List<Fault> shaped = faults.stream().filter(f -> f.brokers() == brokers).toList();
      boolean full = suite.equals("full");
      StackOptions options = new StackOptions("up", brokers, full ? 2 : 1, full ? 2 : 1, full ? 3 : 2, 0, 0);
      topologies.add(String.format("stack: %d broker(s), %d ingestor(s), %d processor(s), %d gateways behind nginx "
          + "(rows: %s)", options.brokers(), options.ingestors(), options.processors(), options.gateways(),
          String.join(", ", shaped.stream().map(Fault::title).toList())));
      Path dir = out.resolve(brokers == 1 ? "stack" : "stack-brokers" + brokers);
      rows.addAll(runOn(root, dir, suite, options, caller, token, stormToken, shaped));
    }
    String topology = String.join("; ", topologies) + "; simulator load from deploy/env/mattermost-sim.env; "
        + "3 subscribers through nginx (the first is the control)";
    String md = ChaosReport.markdown(suite, topology, rows);
    write(out.resolve("chaos-" + suite + ".md"), md);
    write(out.resolve("chaos-" + suite + ".json"), ChaosReport.json(suite, topology, rows));
    System.out.println();
    System.out.print(md);
    boolean clean = rows.size() == faults.size() && rows.stream().allMatch(ChaosReport.Row::clean);
    System.out.println(clean ? "chaos " + suite + ": every row 0 lost, 0 duplicated"
        : "chaos " + suite + ": FAILED (a row lost or duplicated updates, or did not recover)");
    return clean;
  }

  /** Starts a stack of the given shape in {@code dir}, runs the faults on it, stops it. */
  private static List<ChaosReport.Row> runOn(Path root, Path dir, String suite, StackOptions options,
      Map<String, String> caller, String token, String stormToken, List<Fault> faults) {
    StackPlan plan = StackMain.plan(root, dir, options, caller);
    System.out.println("chaos " + suite + ": starting the stack (" + plan.processes().size() + " processes, "
        + options.brokers() + " broker(s), logs in " + root.relativize(dir) + "/)");
    Stack stack = Stack.up(dir, plan, options.brokers());
    Thread stopper = new Thread(stack::stopAll, "chaos-stop");
    Runtime.getRuntime().addShutdownHook(stopper);
    List<ChaosReport.Row> rows = new ArrayList<>();
    List<Subscriber> subs = new ArrayList<>();
    try {
      ManagedProcess simProcess = stack.spec("mattermost-sim");
      SimControl sim = new SimControl(simProcess.health().replace("/api/v4/system/ping", ""),
          StackEnvironment.SIM_BOT_TOKEN);
      for (int i = 0; i < 3; i++) {
        subs.add(new Subscriber(i == 0 ? "control" : "subscriber-" + i, plan.url(), token, true, 0, 0));
      }
      Subscriber control = subs.getFirst();
      await(() -> control.deliveredKeys().size() >= 10, Duration.ofSeconds(120), "the first updates");
      for (Fault fault : faults) {
        ChaosReport.Row row = row(stack, sim, subs, fault, plan.url(), token, stormToken);
        rows.add(row);
        System.out.printf("  %-62s expected %4d delivered %4d lost %d dup %d recover %s%s%n", fault.title(),
            row.expected(), row.delivered(), row.lost(), row.duplicated(),
            row.recoverMs() == null ? "NO" : row.recoverMs() + " ms",
            row.note().isEmpty() ? "" : " (" + row.note() + ")");
      }
    } finally {
      subs.forEach(Subscriber::close);
      stack.stopAll();
      try {
        Runtime.getRuntime().removeShutdownHook(stopper);
      } catch (IllegalStateException e) {
        // shutting down already
      }
    }
    return rows;
  }

  private static String newToken() {
    byte[] b = new byte[18];
    new SecureRandom().nextBytes(b);
    return "ch" + HexFormat.of().formatHex(b);
  }

  private static ChaosReport.Row row(Stack stack, SimControl sim, List<Subscriber> subs, Fault fault, String url,
      String token, String stormToken) {
    for (String name : stack.names()) {
      stack.awaitHealthy(name, Duration.ofSeconds(180));
    }
    Subscriber slow = null;
    List<Subscriber> watched = new ArrayList<>(subs);
    if (fault == Fault.SLOW_SUBSCRIBER) {
      // slow for 20 s (a pause after every update, far behind the traffic), from the live tail
      slow = new Subscriber("slow", url, token, false, 400, 20_000);
      SimControl.sleep(3_000);
      watched.add(slow);
    }
    Map<Subscriber, Integer> dupsBefore = new HashMap<>();
    watched.forEach(s -> dupsBefore.put(s, s.duplicates()));
    int from = sim.changes().size();
    long t0 = System.nanoTime();
    ConnectionStorm storm = null;
    if (fault == Fault.CONNECTION_STORM) {
      storm = ConnectionStorm.open(url, stormToken, STORM_CONNECTIONS); // returns with every connection answered
    }
    fault.inject(stack, sim);
    String marker = sim.markerPost("chaos marker " + fault.name());
    Subscriber control = subs.getFirst();
    Long recoverMs = null;
    if (awaitQuietly(() -> control.has("post_" + marker), RECOVER_TIMEOUT)) {
      recoverMs = (System.nanoTime() - t0) / 1_000_000;
    }
    SimControl.sleep(5_000); // traffic after recovery belongs to the row too
    int to = sim.changes().size();
    awaitQuietly(() -> {
      List<Ledger.Change> all = sim.changes();
      return watched.stream().allMatch(s -> Ledger.count(all, from, to, s.deliveredKeys()).lost() == 0);
    }, SETTLE_TIMEOUT);
    List<Ledger.Change> all = sim.changes();
    Ledger.Count c = Ledger.count(all, from, to, control.deliveredKeys());
    int othersLost = 0;
    int othersDup = 0;
    for (Subscriber s : watched) {
      if (s != control) {
        othersLost += Ledger.count(all, from, to, s.deliveredKeys()).lost();
        othersDup += s.duplicates() - dupsBefore.get(s);
      }
    }
    String note = c.superseded() == 0 ? "" : c.superseded() + " superseded while unobserved";
    if (storm != null) {
      storm.close();
      // the gateways recover: every one healthy again and a new stream through nginx answered
      long closed = System.nanoTime();
      boolean recovered = awaitQuietly(() -> stack.names().stream().filter(n -> n.startsWith("mcp-gateway"))
          .allMatch(stack::healthy) && streamAnswers(url, token), RECOVER_TIMEOUT);
      note = (note.isEmpty() ? "" : note + "; ") + "storm: " + storm.summary() + "; after closing it "
          + (recovered ? "every gateway healthy and a new stream answered 200 in "
          + (System.nanoTime() - closed) / 1_000_000 + " ms" : "the gateways did NOT recover");
      if (!recovered) {
        recoverMs = null;
      }
    }
    if (slow != null) {
      note = (note.isEmpty() ? "" : note + "; ") + "slow subscriber reconnected " + slow.reconnects() + " times";
      slow.close();
    }
    return new ChaosReport.Row(fault.title(), c.changes(), c.expected(), c.delivered(), c.lost(),
        control.duplicates() - dupsBefore.get(control), c.superseded(), recoverMs, othersLost, othersDup, note);
  }

  /** A new stream through nginx with the control's token gets its 200. */
  private static boolean streamAnswers(String url, String token) {
    try (ConnectionStorm probe = ConnectionStorm.open(url, token, 1)) {
      return probe.accepted() == 1;
    }
  }

  /** The chaos token joins the ledger the secret scan reads, so a log that leaks it fails ./mmpipe test. */
  private static void ledger(Path root, String token) {
    try {
      Files.createDirectories(root.resolve("target"));
      Files.writeString(root.resolve("target").resolve("test-tokens.txt"), token + "\n", StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void await(java.util.function.BooleanSupplier condition, Duration timeout, String what) {
    if (!awaitQuietly(condition, timeout)) {
      throw new IllegalStateException("no " + what + " within " + timeout.toSeconds() + " s");
    }
  }

  private static boolean awaitQuietly(java.util.function.BooleanSupplier condition, Duration timeout) {
    long until = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < until) {
      if (condition.getAsBoolean()) {
        return true;
      }
      SimControl.sleep(500);
    }
    return condition.getAsBoolean();
  }
}
