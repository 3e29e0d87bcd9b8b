package io.mmpipe.architecture.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each tier's environment has one source: deploy/env/&lt;tier&gt;.env, which docker-compose.yml loads and a local
 * process stack can load too; compose adds only interpolated values (secrets, site-specific settings). Every name
 * a tier is given is one its configuration really reads.
 */
class ComposeEnvironmentTest {

  private static final ComposeFile COMPOSE = ComposeFile.load();

  @ParameterizedTest
  @EnumSource(Tier.class)
  void shouldLoadTheTiersOwnEnvFile(Tier tier) {
    String file = "deploy/env/" + tier.service() + ".env";
    assertThat(COMPOSE.envFiles(tier.service())).containsExactly(file);
    assertThat(ComposeFile.ROOT.resolve(file)).isRegularFile();
  }

  @ParameterizedTest
  @EnumSource(Tier.class)
  void shouldGiveATierOnlyVariablesItsConfigurationReads(Tier tier) {
    assertThat(COMPOSE.effectiveEnvironment(tier.service()).keySet())
        .isNotEmpty()
        .allSatisfy(name -> assertThat(tier.reads(name))
            .as("%s is given %s, which its configuration never reads (reads: %s)", tier.service(), name,
                tier.reads())
            .isTrue());
  }

  @ParameterizedTest
  @EnumSource(Tier.class)
  void shouldKeepFixedValuesInTheEnvFileAndOnlyInterpolatedOnesInCompose(Tier tier) {
    @SuppressWarnings("unchecked")
    Map<String, Object> inline = (Map<String, Object>) COMPOSE.service(tier.service()).getOrDefault("environment",
        Map.of());
    Map<String, String> fromFile = ComposeFile.readEnvFile(ComposeFile.ROOT.resolve(
        COMPOSE.envFiles(tier.service()).getFirst()));
    inline.forEach((name, value) -> {
      assertThat(String.valueOf(value)).as("%s: %s is fixed; it belongs in the env file", tier.service(), name)
          .contains("${");
      assertThat(fromFile).as("%s: %s is set in both places", tier.service(), name).doesNotContainKey(name);
    });
  }

  @Test
  void shouldCreateTopicsWithTheSamePartitionsWhicheverTierComesFirst() {
    // any of them may create a missing topic; they must agree on its shape
    List<String> partitions = List.of("ingestor", "stream-processor", "mcp-gateway", "analytics").stream()
        .map(s -> COMPOSE.effectiveEnvironment(s).get("MMPIPE_TOPIC_PARTITIONS")).toList();
    assertThat(partitions).doesNotContainNull().containsOnly(partitions.getFirst());
    List<String> replication = List.of("ingestor", "stream-processor", "mcp-gateway", "analytics").stream()
        .map(s -> COMPOSE.effectiveEnvironment(s).get("MMPIPE_TOPIC_REPLICATION")).toList();
    assertThat(replication).containsOnly("${MMPIPE_TOPIC_REPLICATION:-1}");
  }

  @Test
  void shouldRequireApiTokensForTheGatewayBoundBeyondLoopback() {
    Map<String, String> env = COMPOSE.effectiveEnvironment("mcp-gateway");
    assertThat(env).containsEntry("GATEWAY_BIND", "0.0.0.0");
    // ":?" makes compose refuse to start without the variable instead of running an open gateway
    assertThat(env.get("GATEWAY_API_TOKENS")).startsWith("${GATEWAY_API_TOKENS:?");
  }

  @Test
  void shouldSeeWhatEachTierReadsThroughItsOwnCode() {
    assertThat(Tier.INGESTOR.reads()).contains("MATTERMOST_URL", "INGESTOR_METRICS_PORT", "MMPIPE_TOPIC_PREFIX",
        "KAFKA_*");
    assertThat(Tier.MCP_GATEWAY.reads()).contains("GATEWAY_API_TOKENS", "KAFKA_*").doesNotContain("SIM_PORT");
    assertThat(Tier.MATTERMOST_SIM.reads()).contains("SIM_BOT_TOKEN", "SIM_LOAD_RATE", "SIM_PING_INTERVAL");
    assertThat(Tier.MCP_GATEWAY.reads("KAFKA_SECURITY_PROTOCOL")).isTrue();
    assertThat(Tier.STREAM_PROCESSOR.reads("GATEWAY_PORT")).isFalse();
  }

  @Test
  void shouldRejectAnEnvFileLineThatIsNotPlain(@TempDir Path dir) throws IOException {
    for (String bad : List.of("A=${B:-x}", "A=\"quoted\"", "lower=x", "A = b", "export A=b")) {
      Path f = dir.resolve("t.env");
      Files.writeString(f, "# ok\nGOOD=1\n" + bad + "\n");
      assertThatThrownBy(() -> ComposeFile.readEnvFile(f)).as(bad).hasMessageContaining("not a plain KEY=VALUE");
    }
  }
}
