package io.mmpipe.devstack.chaos;

import io.mmpipe.devstack.stack.Stack;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The faults of the chaos suite, each as a supervisor would see it: the process dies (or the dependency fails), and
 * what a restart policy does brings it back. {@code quick} is the subset CI runs. Each fault names the stack shape it
 * needs (how many brokers): the runner starts one stack per shape, so the three-broker row runs on a quorum of three
 * as {@code docker-compose.brokers3.yml} has it, and every other row on compose's single broker.
 */
enum Fault {
  KILL_GATEWAY("gateway", "kill -9 one gateway (clients resume through nginx)", true, 1),
  KILL_PROCESSOR("processor", "kill -9 the stream processor", true, 1),
  KILL_INGESTOR("ingestor", "kill -9 the ingestor", true, 1),
  REDIS_RESTART("redis", "redis-server killed and restarted", true, 1),
  BROKER_RESTART("broker", "broker restarted", false, 1),
  KILL_TWO_INGESTORS("ingestors2", "kill -9 two ingestors at once", false, 1),
  WS_DROP("ws-drop", "Mattermost WebSocket dropped (resumable, no loss)", false, 1),
  WS_DROP_WITH_LOSS("ws-loss", "Mattermost WebSocket dropped and forgotten (events lost on it)", false, 1),
  REST_429_STORM("429", "429 storm (200 REST calls refused) during a WebSocket loss", false, 1),
  SLOW_SUBSCRIBER("slow", "a slow subscriber among fast ones", false, 1),
  CONNECTION_STORM("storm", "a storm of 10,000 connections through nginx", false, 1),
  BROKER3_RESTART("broker3", "one of three brokers killed (-9) and restarted", false, 3);

  private final String key;
  private final String title;
  private final boolean quick;
  private final int brokers;

  Fault(String key, String title, boolean quick, int brokers) {
    this.key = key;
    this.title = title;
    this.quick = quick;
    this.brokers = brokers;
  }

  String title() {
    return title;
  }

  /** The brokers of the stack this fault runs on: 1, or 3 for the quorum row. */
  int brokers() {
    return brokers;
  }

  static List<Fault> of(String suite) {
    return switch (suite) {
      case "quick" -> Arrays.stream(values()).filter(f -> f.quick).toList();
      case "full" -> List.of(values());
      default -> throw new IllegalArgumentException("unknown suite '" + suite + "': quick or full");
    };
  }

  /**
   * The faults the command line asks for: {@code quick|full [--only key,key...]}, the suite's rows in its order, or
   * only the named ones of it (to run a row again without the whole suite).
   */
  static List<Fault> parse(List<String> args) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("chaos takes a suite: quick or full [--only row,row...]");
    }
    List<Fault> suite = of(args.getFirst());
    if (args.size() == 1) {
      return suite;
    }
    if (!args.get(1).equals("--only")) {
      throw new IllegalArgumentException("unknown option '" + args.get(1) + "': only --only row,row...");
    }
    if (args.size() != 3 || args.get(2).isBlank()) {
      throw new IllegalArgumentException("--only needs one comma-separated list of rows: " + keys(suite));
    }
    List<Fault> chosen = new ArrayList<>();
    for (String k : args.get(2).split(",", -1)) {
      Fault f = suite.stream().filter(x -> x.key.equals(k.trim())).findFirst().orElseThrow(
          () -> new IllegalArgumentException("no row '" + k.trim() + "' in " + args.getFirst() + ": " + keys(suite)));
      if (!chosen.contains(f)) {
        chosen.add(f);
      }
    }
    return suite.stream().filter(chosen::contains).toList();
  }

  private static String keys(List<Fault> suite) {
    return String.join(", ", suite.stream().map(f -> f.key).toList());
  }

  /** Makes the fault happen, and what the restart policy does after it. */
  void inject(Stack stack, SimControl sim) {
    switch (this) {
      case KILL_GATEWAY -> killAndRestart(stack, "mcp-gateway-1");
      case KILL_PROCESSOR -> killAndRestart(stack, "stream-processor-1");
      case KILL_INGESTOR -> killAndRestart(stack, "ingestor-1");
      case REDIS_RESTART -> {
        stack.kill9("redis");
        SimControl.sleep(5_000);
        stack.start(stack.spec("redis"));
      }
      case BROKER_RESTART -> {
        stack.stop("kafka");
        SimControl.sleep(3_000);
        stack.start(stack.spec("kafka"));
      }
      case KILL_TWO_INGESTORS -> {
        stack.kill9("ingestor-1");
        stack.kill9("ingestor-2");
        SimControl.sleep(1_000);
        stack.start(stack.spec("ingestor-1"));
        stack.start(stack.spec("ingestor-2"));
      }
      case WS_DROP -> sim.fault("drop");
      case WS_DROP_WITH_LOSS -> {
        sim.fault("drop");
        sim.fault("forget");
      }
      case REST_429_STORM -> {
        sim.fault("rest?status=429&count=200&retry_after=1");
        sim.fault("drop");
        sim.fault("forget");
      }
      case BROKER3_RESTART -> {
        // node 1: the first bootstrap address of every client, a voter and the leader of a third of the partitions
        stack.kill9("kafka");
        SimControl.sleep(3_000);
        stack.start(stack.spec("kafka"));
      }
      case SLOW_SUBSCRIBER, CONNECTION_STORM -> { /* the runner adds the slow subscriber, or the storm */ }
    }
  }

  private static void killAndRestart(Stack stack, String name) {
    stack.kill9(name);
    SimControl.sleep(1_000); // a supervisor's restart delay
    stack.start(stack.spec(name));
  }
}
