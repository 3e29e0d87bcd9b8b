package io.mmpipe.devstack.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * What {@code ./mmpipe stack up} starts, in order: the brokers, redis-server, the simulator (unless
 * {@code MATTERMOST_URL} names a real Mattermost), the processors, the ingestors, the gateways, nginx. Pure: the
 * ports come from the given supplier and nothing is started, so the plan is tested as it is.
 *
 * @param processes in start order (stopped in reverse)
 * @param nginxConf the load balancer's configuration, rendered from deploy/nginx.conf
 * @param url       nginx's address: the stack's one entry point
 */
public record StackPlan(List<ManagedProcess> processes, String nginxConf, String url) {

  /**
   * Where the parts of the plan come from.
   *
   * @param root       the repository (deploy/ is read from it)
   * @param dir        the stack's directory: logs, state, data (target/stack)
   * @param java       the java binary the tiers run on
   * @param classpath  the classpath holding every tier (dev-stack's runtime classpath)
   * @param redis      the redis-server binary
   * @param nginx      the nginx binary
   * @param clusterId  the Kafka cluster id every broker is formatted with
   */
  public record Inputs(Path root, Path dir, String java, String classpath, String redis, String nginx,
      String clusterId) {}

  public static StackPlan build(Inputs in, StackOptions options, Map<String, String> caller, IntSupplier ports,
      Map<StackTier, Map<String, String>> envFiles, String nginxTemplate) {
    List<ManagedProcess> list = new ArrayList<>();
    Path dir = in.dir();
    List<Integer> controllerPorts = new ArrayList<>();
    for (int node = 1; node <= options.brokers(); node++) {
      controllerPorts.add(ports.getAsInt());
    }
    String voters = String.join(",", controllerPorts.stream().map(String::valueOf).toList());
    List<String> bootstrap = new ArrayList<>();
    for (int node = 1; node <= options.brokers(); node++) {
      int port = ports.getAsInt();
      bootstrap.add("127.0.0.1:" + port);
      String name = node == 1 ? "kafka" : "kafka-" + node;
      list.add(new ManagedProcess(name, name, jvm(in, "512m", "io.mmpipe.devkit.KafkaBrokerMain",
          String.valueOf(node), String.valueOf(port), voters,
          dir.resolve("data").resolve(name).toString(), in.clusterId(), String.valueOf(options.brokers())),
          Map.of(), dir.resolve(name + ".log"), "tcp://127.0.0.1:" + port));
    }
    int redisPort = ports.getAsInt();
    list.add(new ManagedProcess("redis", "redis", List.of(in.redis(), "--port", String.valueOf(redisPort), "--bind",
        "127.0.0.1", "--save", "", "--appendonly", "no"), Map.of(), dir.resolve("redis.log"),
        "redis://127.0.0.1:" + redisPort));

    int simPort = ports.getAsInt();
    StackEnvironment.Shared shared = new StackEnvironment.Shared(String.join(",", bootstrap),
        "redis://127.0.0.1:" + redisPort, "http://127.0.0.1:" + simPort, options.brokers());
    String external = caller.get("MATTERMOST_URL");
    if (external == null || external.isEmpty()) {
      list.add(tier(in, StackTier.MATTERMOST_SIM, "mattermost-sim", simPort, envFiles, caller, shared));
    }
    for (int i = 1; i <= options.processors(); i++) {
      list.add(tier(in, StackTier.STREAM_PROCESSOR, "stream-processor-" + i, ports.getAsInt(), envFiles, caller,
          shared));
    }
    for (int i = 1; i <= options.ingestors(); i++) {
      list.add(tier(in, StackTier.INGESTOR, "ingestor-" + i, ports.getAsInt(), envFiles, caller, shared));
    }
    for (int i = 1; i <= options.analytics(); i++) {
      list.add(tier(in, StackTier.ANALYTICS, "analytics", ports.getAsInt(), envFiles, caller, shared));
    }
    List<Integer> gatewayPorts = new ArrayList<>();
    for (int i = 1; i <= options.gateways(); i++) {
      int port = ports.getAsInt();
      gatewayPorts.add(port);
      list.add(tier(in, StackTier.MCP_GATEWAY, "mcp-gateway-" + i, port, envFiles, caller, shared));
    }
    int nginxPort = options.port() == 0 ? ports.getAsInt() : options.port();
    Path nginxDir = dir.resolve("nginx");
    list.add(new ManagedProcess("load-balancer", "load-balancer", List.of(in.nginx(), "-p", nginxDir + "/", "-c",
        nginxDir.resolve("nginx.conf").toString(), "-e", nginxDir.resolve("error.log").toString(), "-g",
        "daemon off; pid " + nginxDir.resolve("nginx.pid") + ";"), Map.of(), dir.resolve("load-balancer.log"),
        "http://127.0.0.1:" + nginxPort + "/health"));
    return new StackPlan(list, NginxConfig.render(nginxTemplate, gatewayPorts, nginxPort),
        "http://127.0.0.1:" + nginxPort);
  }

  private static ManagedProcess tier(Inputs in, StackTier tier, String name, int port,
      Map<StackTier, Map<String, String>> envFiles, Map<String, String> caller, StackEnvironment.Shared shared) {
    Map<String, String> env = StackEnvironment.of(tier, envFiles.get(tier), caller, shared, port,
        in.dir().resolve("data").resolve(name));
    return new ManagedProcess(name, tier.service(), jvm(in, "384m", tier.mainClass()), env,
        in.dir().resolve(name + ".log"), "http://127.0.0.1:" + port + tier.healthPath());
  }

  private static List<String> jvm(Inputs in, String heap, String main, String... args) {
    List<String> cmd = new ArrayList<>(List.of(in.java(), "-Xms64m", "-Xmx" + heap, "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED"));
    if (Runtime.version().feature() >= 24) {
      // Kafka still uses sun.misc.Unsafe for buffer cleaning; JDK 24+ warns about it unless told this is known
      cmd.add("--sun-misc-unsafe-memory-access=allow");
    }
    cmd.addAll(List.of("-cp", in.classpath(), main));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** The env files of every tier, read from deploy/env/ (the files compose loads). */
  public static Map<StackTier, Map<String, String>> readEnvFiles(Path root) {
    Map<StackTier, Map<String, String>> files = new LinkedHashMap<>();
    for (StackTier t : StackTier.values()) {
      files.put(t, EnvFile.read(root.resolve(t.envFile())));
    }
    return files;
  }
}
