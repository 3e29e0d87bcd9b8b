package io.mmpipe.devstack.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.Uuid;

/**
 * {@code ./mmpipe stack up|down|status}: the compose topology as separate local processes (the launcher script
 * builds, finds nginx and redis-server, and runs this class on dev-stack's runtime classpath). Exit 0 on success,
 * 1 when the stack could not start (or, for status, when a process is down or unhealthy), 2 on bad input.
 */
public final class StackMain {

  private StackMain() {}

  public static void main(String[] args) {
    Path root = Path.of(System.getProperty("mmpipe.root", ".")).toAbsolutePath().normalize();
    Path dir = root.resolve("target").resolve("stack");
    StackOptions options;
    try {
      options = StackOptions.parse(List.of(args), partitions(root));
    } catch (IllegalArgumentException e) {
      System.err.println("mmpipe stack: " + e.getMessage());
      System.exit(2);
      return;
    }
    try {
      int rc = switch (options.command()) {
        case "up" -> up(root, dir, options);
        case "down" -> {
          List<String> stopped = Stack.down(dir);
          System.out.println(stopped.isEmpty() ? "no stack process was running"
              : "stopped " + String.join(", ", stopped));
          yield 0;
        }
        default -> status(dir);
      };
      System.exit(rc);
    } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
      System.err.println("mmpipe stack " + options.command() + ": " + e.getMessage());
      System.exit(1);
    }
  }

  /** The partitions of every topic: the processor's env file's, as compose gives it. */
  static int partitions(Path root) {
    return Integer.parseInt(EnvFile.read(root.resolve(StackTier.STREAM_PROCESSOR.envFile()))
        .getOrDefault("MMPIPE_TOPIC_PARTITIONS", "6"));
  }

  /** Builds the plan the launcher's environment asks for (free loopback ports for every process but nginx). */
  public static StackPlan plan(Path root, Path dir, StackOptions options, Map<String, String> caller) {
    String java = ProcessHandle.current().info().command().orElse("java");
    StackPlan.Inputs in = new StackPlan.Inputs(root, dir, java, System.getProperty("java.class.path"),
        binary("REDIS_SERVER", "redis-server", "install it: apt-get install redis-server"),
        binary("NGINX", "nginx", "install it: apt-get install nginx (./mmpipe stack does this as root)"),
        Uuid.randomUuid().toString());
    try {
      return StackPlan.build(in, options, caller, io.mmpipe.devkit.Ports.distinct(), StackPlan.readEnvFiles(root),
          Files.readString(root.resolve("deploy/nginx.conf")));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int up(Path root, Path dir, StackOptions options) throws IllegalStateException {
    if (!Stack.alive(dir).isEmpty()) {
      throw new IllegalStateException("a stack is already running from " + dir + ": stop it first (down)");
    }
    Map<String, String> caller = new HashMap<>(System.getenv());
    String token = caller.get("GATEWAY_API_TOKENS");
    boolean generated = token == null || token.isBlank();
    if (generated) {
      byte[] b = new byte[18];
      new SecureRandom().nextBytes(b);
      caller.put("GATEWAY_API_TOKENS", "stack=" + HexFormat.of().formatHex(b));
    }
    StackPlan plan = plan(root, dir, options, caller);
    System.out.println("starting " + plan.processes().size() + " processes (logs: " + root.relativize(dir) + "/)");
    Stack stack = Stack.up(dir, plan, options.brokers());
    if (generated) {
      writeToken(dir, caller.get("GATEWAY_API_TOKENS").substring("stack=".length()));
    }
    System.out.println("mmpipe stack is up: " + stack.names().size() + " processes; nginx at " + plan.url());
    System.out.println(generated
        ? "  API token (GATEWAY_API_TOKENS was not set): in " + root.relativize(dir.resolve("api-token"))
            + "\n  curl -N -H \"Authorization: Bearer $(cat " + root.relativize(dir.resolve("api-token")) + ")\" "
            + plan.url() + "/events"
        : "  API tokens: GATEWAY_API_TOKENS as set");
    System.out.println("  ./mmpipe stack status    ./mmpipe stack down");
    return 0;
  }

  private static void writeToken(Path dir, String token) {
    try {
      Path f = dir.resolve("api-token");
      Files.writeString(f, token + "\n");
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException | UnsupportedOperationException e) {
      throw new IllegalStateException("cannot write the API token file: " + e.getMessage());
    }
  }

  private static int status(Path dir) {
    List<Stack.Running> all = Stack.recorded(dir);
    if (all.isEmpty()) {
      System.out.println("no stack recorded in " + dir + " (./mmpipe stack up)");
      return 1;
    }
    boolean ok = true;
    System.out.printf("%-20s %8s %-6s %-48s %s%n", "process", "pid", "alive", "health", "answer");
    for (Stack.Running r : all) {
      boolean alive = r.handle().isPresent();
      String answer = alive ? Health.probe(r.spec().health()) : "-";
      ok &= alive && Health.healthy(r.spec().health());
      System.out.printf("%-20s %8d %-6s %-48s %s%n", r.spec().name(), r.pid(), alive ? "yes" : "NO",
          r.spec().health(), answer);
    }
    Stack.recordedUrl(dir).ifPresent(u -> System.out.println("nginx: " + u));
    return ok ? 0 : 1;
  }

  /** A binary from its variable, else from PATH (and /usr/sbin, where Debian puts nginx). */
  static String binary(String variable, String name, String howToInstall) {
    String set = System.getenv(variable);
    if (set != null && Files.isExecutable(Path.of(set))) {
      return set;
    }
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("") + ":/usr/sbin:/usr/local/sbin";
    for (String d : path.split(":")) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) {
        return Path.of(d, name).toString();
      }
    }
    throw new IllegalStateException(name + " not found (" + variable + " or PATH); " + howToInstall);
  }
}
