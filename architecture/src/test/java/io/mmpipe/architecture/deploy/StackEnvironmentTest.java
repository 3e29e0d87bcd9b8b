package io.mmpipe.architecture.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mmpipe.devkit.KafkaBrokerMain;
import io.mmpipe.devstack.stack.ManagedProcess;
import io.mmpipe.devstack.stack.StackEnvironment;
import io.mmpipe.devstack.stack.StackOptions;
import io.mmpipe.devstack.stack.StackPlan;
import io.mmpipe.devstack.stack.StackTier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code ./mmpipe stack} gives each tier the environment docker-compose.yml gives its container: the same names
 * (the tier's env file plus compose's {@code environment:}), the same values except the placement ones (local
 * addresses, own ports, own state directory), and only names the tier's configuration reads.
 */
class StackEnvironmentTest {

  private static final ComposeFile COMPOSE = ComposeFile.load();
  private static final Map<String, String> CALLER = Map.of("GATEWAY_API_TOKENS", "alice=s3cret-s3cret");

  /** Every process of a stack with two of each tier, planned from the repository's own deploy/ files. */
  private static List<ManagedProcess> planned() throws IOException {
    Path root = ComposeFile.ROOT;
    AtomicInteger port = new AtomicInteger(20_000);
    StackPlan plan = StackPlan.build(new StackPlan.Inputs(root, root.resolve("target/stack-test"), "java", "cp",
            "redis-server", "nginx", "cluster"), new StackOptions("up", 1, 2, 2, 2, 0, 1), CALLER, port::incrementAndGet,
        StackPlan.readEnvFiles(root), Files.readString(root.resolve("deploy/nginx.conf")));
    return plan.processes();
  }

  private static StackTier stackTier(Tier tier) {
    return Arrays.stream(StackTier.values()).filter(t -> t.service().equals(tier.service())).findFirst()
        .orElseThrow(() -> new AssertionError("the stack runs no " + tier.service()));
  }

  @ParameterizedTest
  @EnumSource(Tier.class)
  void shouldGiveEachProcessOfATierExactlyTheNamesComposeGivesIt(Tier tier) throws IOException {
    Map<String, String> compose = COMPOSE.effectiveEnvironment(tier.service());
    List<ManagedProcess> processes = planned().stream().filter(p -> p.tier().equals(tier.service())).toList();
    assertThat(processes).isNotEmpty();
    for (ManagedProcess p : processes) {
      assertThat(p.env().keySet()).as(p.name()).containsExactlyInAnyOrderElementsOf(compose.keySet());
      assertThat(p.command()).as(p.name()).contains(stackTier(tier).mainClass());
    }
  }

  @ParameterizedTest
  @EnumSource(Tier.class)
  void shouldKeepComposesValuesButThePlacementOnes(Tier tier) throws IOException {
    Map<String, String> compose = COMPOSE.effectiveEnvironment(tier.service());
    for (ManagedProcess p : planned().stream().filter(p -> p.tier().equals(tier.service())).toList()) {
      p.env().forEach((name, value) -> {
        String composeValue = compose.get(name);
        if (StackEnvironment.PLACEMENT.contains(name)) {
          return; // an address or a port of this machine; the names are the same (test above)
        }
        if (composeValue.contains("${")) {
          // interpolated in compose: the stack resolves it the same way (the caller's value, else the default)
          String var = composeValue.substring(2, composeValue.indexOf(composeValue.contains(":") ? ':' : '}'));
          if (CALLER.containsKey(var)) {
            assertThat(value).as(p.name() + " " + name).isEqualTo(CALLER.get(var));
          }
          return;
        }
        assertThat(value).as(p.name() + " " + name).isEqualTo(composeValue);
      });
    }
  }

  @ParameterizedTest
  @EnumSource(Tier.class)
  void shouldGiveOnlyNamesTheTiersConfigurationReads(Tier tier) throws IOException {
    for (ManagedProcess p : planned().stream().filter(p -> p.tier().equals(tier.service())).toList()) {
      assertThat(p.env().keySet()).as(p.name()).allSatisfy(name -> assertThat(tier.reads(name))
          .as("%s is given %s, which its configuration never reads", p.name(), name).isTrue());
    }
  }

  @Test
  void shouldPlaceEachProcessOnItsOwnPortAndStateDirectory() throws IOException {
    List<ManagedProcess> tiers = planned().stream().filter(p -> !p.env().isEmpty()).toList();
    assertThat(tiers.stream().map(ManagedProcess::health).distinct()).hasSize(tiers.size());
    assertThat(tiers.stream().filter(p -> p.tier().equals("stream-processor"))
        .map(p -> p.env().get("PROCESSOR_STATE_DIR")).distinct()).hasSize(2);
  }

  @Test
  void shouldRefuseAGatewayWithoutApiTokensAsComposeDoes() {
    Path root = ComposeFile.ROOT;
    AtomicInteger port = new AtomicInteger(20_000);
    assertThatThrownBy(() -> StackPlan.build(new StackPlan.Inputs(root, root.resolve("target/x"), "java", "cp",
            "redis-server", "nginx", "c"), new StackOptions("up", 1, 1, 1, 1, 0, 0), Map.of(), port::incrementAndGet,
        StackPlan.readEnvFiles(root), Files.readString(root.resolve("deploy/nginx.conf"))))
        .hasMessageContaining("GATEWAY_API_TOKENS");
  }

  /** The three-broker overlay's broker settings ({@code KAFKA_X_Y} of the apache/kafka image is {@code x.y}). */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> overlayEnvironment(String service) throws IOException {
    Map<String, Object> doc = new Yaml().load(Files.readString(ComposeFile.ROOT.resolve(ComposeToolsTest.OVERLAY)));
    Map<String, Object> services = (Map<String, Object>) doc.get("services");
    return (Map<String, Object>) ((Map<String, Object>) services.get(service)).get("environment");
  }

  private static String property(String envName) {
    return envName.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
  }

  @Test
  void shouldRunThreeBrokersAsTheOverlayDoes() throws IOException {
    Path root = ComposeFile.ROOT;
    AtomicInteger port = new AtomicInteger(20_000);
    List<ManagedProcess> brokers = StackPlan.build(new StackPlan.Inputs(root, root.resolve("target/stack-test"), "java",
            "cp", "redis-server", "nginx", "cluster"), new StackOptions("up", 3, 1, 1, 1, 0, 0), CALLER,
        port::incrementAndGet, StackPlan.readEnvFiles(root), Files.readString(root.resolve("deploy/nginx.conf")))
        .processes().stream().filter(p -> p.tier().startsWith("kafka")).toList();
    assertThat(brokers).extracting(ManagedProcess::name).containsExactly("kafka", "kafka-2", "kafka-3");
    Set<String> voters = new TreeSet<>();
    Set<String> controllerListeners = new TreeSet<>();
    for (ManagedProcess broker : brokers) {
      Map<String, Object> overlay = overlayEnvironment(broker.name());
      List<String> cmd = broker.command();
      List<String> args = cmd.subList(cmd.indexOf(KafkaBrokerMain.class.getName()) + 1, cmd.size());
      List<Integer> controllerPorts = Arrays.stream(args.get(2).split(",")).map(Integer::parseInt).toList();
      Map<String, String> props = KafkaBrokerMain.properties(Integer.parseInt(args.get(0)),
          Integer.parseInt(args.get(1)), controllerPorts, Path.of(args.get(3)), Integer.parseInt(args.get(5)));
      for (Map.Entry<String, Object> e : overlay.entrySet()) {
        String name = e.getKey();
        String value = String.valueOf(e.getValue());
        switch (name) {
          case "CLUSTER_ID" -> { } // every node formatted with the stack's one cluster id
          case "KAFKA_LISTENERS", "KAFKA_ADVERTISED_LISTENERS" -> // placement: same listener names, local ports
              assertThat(props.get(property(name)).replaceAll("//[^,]*", "//"))
                  .as(broker.name() + " " + name).isEqualTo(value.replaceAll("//[^,]*", "//"));
          case "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP" -> // a map: the same entries in any order
              assertThat(props.get(property(name)).split(",")).as(broker.name() + " " + name)
                  .containsExactlyInAnyOrder(value.split(","));
          case "KAFKA_CONTROLLER_QUORUM_VOTERS" -> { // the same voters (ids), each at its own local port
            assertThat(props.get("controller.quorum.voters").replaceAll("@[^,]*", "@"))
                .as(broker.name()).isEqualTo(value.replaceAll("@[^,]*", "@"));
            voters.add(props.get("controller.quorum.voters"));
          }
          default -> assertThat(props.get(property(name))).as(broker.name() + " " + name).isEqualTo(value);
        }
      }
      controllerListeners.add(props.get("listeners").replaceAll(".*CONTROLLER://", ""));
    }
    assertThat(voters).as("one quorum: every node lists the same voters").hasSize(1);
    assertThat(controllerListeners).as("each node its own controller port").hasSize(3);
    assertThat(voters.iterator().next().split(",")).extracting(v -> v.substring(v.indexOf('@') + 1))
        .containsExactlyInAnyOrderElementsOf(controllerListeners);
  }
}
