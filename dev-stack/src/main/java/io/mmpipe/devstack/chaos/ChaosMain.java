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
 * {@code ./mmpipe chaos quick|full}: starts its own process stack (under {@code target/chaos/stack}, free ports, the
 * simulator producing load), connects subscribers through nginx (SSE, resuming with {@code Last-Event-ID}), runs
 * each {@link Fault} and counts, per fault, what the control subscriber should have received for the changes made in
 * the simulator and what it did. Prints one table and writes it to {@code target/chaos/} (markdown and JSON). Exit
 * 1 when any row lost or duplicated an update or did not recover, 2 on bad input.
 */
public final class ChaosMain {

  private static final Duration RECOVER_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(120);

  private ChaosMain() {}

  public static void main(String[] args) {
    List<Fault> faults;
    String suite = args.length == 1 ? args[0] : "";
    try {
      if (args.length != 1) {
        throw new IllegalArgumentException("chaos takes one argument: quick or full");
      }
      faults = Fault.of(suite);
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
    boolean full = suite.equals("full");
    StackOptions options = new StackOptions("up", 1, full ? 2 : 1, full ? 2 : 1, full ? 3 : 2, 0, 0);
    String topology = String.format("stack: %d broker, %d ingestor(s), %d processor(s), %d gateways behind nginx; "
        + "simulator load from deploy/env/mattermost-sim.env; 3 subscribers through nginx (the first is the control)",
        options.brokers(), options.ingestors(), options.processors(), options.gateways());
    Map<String, String> caller = new HashMap<>(System.getenv());
    caller.remove("MATTERMOST_URL"); // the faults are the simulator's: always run it
    caller.remove("MATTERMOST_TOKEN");
    byte[] b = new byte[18];
    new SecureRandom().nextBytes(b);
    String token = "ch" + HexFormat.of().formatHex(b);
    caller.put("GATEWAY_API_TOKENS", "chaos=" + token);
    ledger(root, token);
    StackPlan plan = StackMain.plan(root, out.resolve("stack"), options, caller);
    System.out.println("chaos " + suite + ": starting the stack (" + plan.processes().size() + " processes, logs in "
        + root.relativize(out.resolve("stack")) + "/)");
    Stack stack = Stack.up(out.resolve("stack"), plan, options.brokers());
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
        ChaosReport.Row row = row(stack, sim, subs, fault, plan.url(), token);
        rows.add(row);
        System.out.printf("  %-62s expected %4d delivered %4d lost %d dup %d recover %s%n", fault.title(),
            row.expected(), row.delivered(), row.lost(), row.duplicated(),
            row.recoverMs() == null ? "NO" : row.recoverMs() + " ms");
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

  private static ChaosReport.Row row(Stack stack, SimControl sim, List<Subscriber> subs, Fault fault, String url,
      String token) {
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
    if (slow != null) {
      note = (note.isEmpty() ? "" : note + "; ") + "slow subscriber reconnected " + slow.reconnects() + " times";
      slow.close();
    }
    return new ChaosReport.Row(fault.title(), c.changes(), c.expected(), c.delivered(), c.lost(),
        control.duplicates() - dupsBefore.get(control), c.superseded(), recoverMs, othersLost, othersDup, note);
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
