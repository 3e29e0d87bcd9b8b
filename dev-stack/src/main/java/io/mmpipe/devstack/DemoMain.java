package io.mmpipe.devstack;

import io.mmpipe.runtime.config.Env.ConfigException;
import io.mmpipe.runtime.lifecycle.Shutdown;
import io.mmpipe.sim.DemoUsersText;

/** {@code ./mmpipe demo}: starts {@link DemoStack}, prints where everything is, and stops cleanly on Ctrl-C. */
public final class DemoMain {

  private DemoMain() {}

  /** The demo's one option: {@code --registry}; anything else is refused with the usage. */
  static boolean registryFlag(String[] args) {
    boolean registry = false;
    for (String a : args) {
      if ("--registry".equals(a)) {
        registry = true;
      } else {
        throw new IllegalArgumentException("unknown demo option '" + a + "'; the demo takes only --registry "
            + "(start an Apicurio Registry and run every tier in registry mode)");
      }
    }
    return registry;
  }

  public static void main(String[] args) throws InterruptedException {
    long t0 = System.nanoTime();
    DemoOptions options;
    try {
      options = DemoOptions.fromEnv(System.getenv()).withRegistry(registryFlag(args));
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    System.out.println("mmpipe demo: starting Kafka (KRaft, in this JVM), "
        + (options.registry() ? "an Apicurio Registry (registry mode), " : "") + "Redis, "
        + (options.externalMattermost() ? "the ingestor for " + options.mattermostUrl() : "the Mattermost simulator")
        + ", the stream processor, the ingestor and the gateway ...");
    DemoStack stack;
    try {
      stack = DemoStack.start(options);
    } catch (RuntimeException e) {
      System.err.println("mmpipe demo could not start: " + e.getMessage());
      System.exit(1);
      return;
    }

    double seconds = (System.nanoTime() - t0) / 1e9;
    String base = "http://localhost:" + stack.gatewayPort();
    System.out.printf("""

        mmpipe demo is ready (started in %.1f s)
          Dashboard   %s/
          SSE         curl -N %s/events
          Health      %s/health
          Metrics     %s/metrics
        %s  Mattermost  %s%s
          Kafka       %s   (topics %s, %s, %s, %s)
          Registry    %s
          Redis       %s
        %s
        Ctrl-C stops everything.

        """, seconds, base, base, base, base,
        McpClientSetups.text(base + "/mcp", stack.gateway().config().allowWrites()), stack.mattermostUrl(),
        stack.sim() != null ? "  (simulator, live traffic; bot token " + stack.sim().botToken() + ")" : "",
        stack.kafka().bootstrapServers(), stack.topics().rawEvents().name(), stack.topics().updates().name(),
        stack.topics().channelCursors().name(), stack.topics().deadLetters().name(),
        stack.registryUrl().map(u -> u + "   (schema registry wire format; Confluent-compatible API "
            + u + "/apis/ccompat/v7)").orElse("none (single-object encoding; ./mmpipe demo --registry for one)"),
        stack.redisRunning() ? "running (gateway cache on)" : "not running (gateway cache off)",
        stack.sim() != null ? DemoUsersText.render(stack.sim().world().demoUsers()) : "");
    System.out.flush();
    DemoStack running = stack;
    Shutdown.closeOnExit("demo", () -> {
      System.out.println("\nmmpipe demo: stopping (gateway, ingestor, processor, simulator, Redis, Kafka) ...");
      running.close();
      System.out.println("mmpipe demo: stopped.");
    });
  }
}
