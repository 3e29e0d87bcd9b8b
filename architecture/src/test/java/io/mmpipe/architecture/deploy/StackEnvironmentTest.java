package io.mmpipe.architecture.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

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
}
