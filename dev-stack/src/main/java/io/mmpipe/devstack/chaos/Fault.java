package io.mmpipe.devstack.chaos;

import io.mmpipe.devstack.stack.Stack;
import java.util.List;

/**
 * The faults of the chaos suite, each as a supervisor would see it: the process dies (or the dependency fails), and
 * what a restart policy does brings it back. {@code quick} is the subset CI runs.
 */
enum Fault {
  KILL_GATEWAY("kill -9 one gateway (clients resume through nginx)", true),
  KILL_PROCESSOR("kill -9 the stream processor", true),
  KILL_INGESTOR("kill -9 the ingestor", true),
  REDIS_RESTART("redis-server killed and restarted", true),
  BROKER_RESTART("broker restarted", false),
  KILL_TWO_INGESTORS("kill -9 two ingestors at once", false),
  WS_DROP("Mattermost WebSocket dropped (resumable, no loss)", false),
  WS_DROP_WITH_LOSS("Mattermost WebSocket dropped and forgotten (events lost on it)", false),
  REST_429_STORM("429 storm (200 REST calls refused) during a WebSocket loss", false),
  SLOW_SUBSCRIBER("a slow subscriber among fast ones", false);

  private final String title;
  private final boolean quick;

  Fault(String title, boolean quick) {
    this.title = title;
    this.quick = quick;
  }

  String title() {
    return title;
  }

  static List<Fault> of(String suite) {
    return switch (suite) {
      case "quick" -> java.util.Arrays.stream(values()).filter(f -> f.quick).toList();
      case "full" -> List.of(values());
      default -> throw new IllegalArgumentException("unknown suite '" + suite + "': quick or full");
    };
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
      case SLOW_SUBSCRIBER -> { /* the runner adds the slow subscriber */ }
    }
  }

  private static void killAndRestart(Stack stack, String name) {
    stack.kill9(name);
    SimControl.sleep(1_000); // a supervisor's restart delay
    stack.start(stack.spec(name));
  }
}
