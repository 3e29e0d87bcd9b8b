package io.mmpipe.architecture.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** docker-compose.yml's structure, checked without Docker (the file is parsed with anchors and merges resolved). */
class ComposeStructureTest {

  private static final ComposeFile COMPOSE = ComposeFile.load();

  @Test
  void shouldGiveEveryServiceAHealthCheckAndARestartPolicy() {
    // no service is a one-shot job (topics are created by the tiers), so every one is long-running
    COMPOSE.services().forEach((name, service) -> {
      assertThat(service).as(name).containsKey("healthcheck").containsEntry("restart", "unless-stopped");
      @SuppressWarnings("unchecked")
      Map<String, Object> health = (Map<String, Object>) service.get("healthcheck");
      assertThat(health.get("test")).as(name + " healthcheck test").isInstanceOf(List.class);
    });
  }

  @Test
  void shouldWaitOnlyForHealthChecksThatExist() {
    COMPOSE.services().forEach((name, service) -> {
      if (service.get("depends_on") instanceof Map<?, ?> deps) {
        deps.forEach((dep, how) -> {
          assertThat(COMPOSE.service(String.valueOf(dep))).as(name + " waits for " + dep + "'s health check")
              .containsKey("healthcheck");
          assertThat(how).as(name + " waits for " + dep).isInstanceOf(Map.class);
          assertThat(((Map<?, ?>) how).get("condition")).as(name + " waits for " + dep)
              .isEqualTo("service_healthy");
        });
      }
    });
  }

  @Test
  void shouldOfferTheProfiles() {
    Set<String> profiles = new TreeSet<>();
    COMPOSE.services().values().forEach(s -> {
      if (s.get("profiles") instanceof List<?> p) {
        p.forEach(x -> profiles.add(String.valueOf(x)));
      }
    });
    assertThat(profiles).containsExactlyInAnyOrder("sim", "mattermost", "observability", "analytics");
    assertThat(COMPOSE.service("schema-registry").get("profiles")).isEqualTo(List.of("analytics"));
    assertThat(String.valueOf(COMPOSE.service("schema-registry").get("image")))
        .isEqualTo("apicurio/apicurio-registry:" + io.mmpipe.devkit.RegistryServer.VERSION);
    assertThat(String.valueOf(COMPOSE.service("mattermost").get("image")))
        .startsWith("mattermost/mattermost-team-edition:");
    assertThat(COMPOSE.service("postgres").get("profiles")).isEqualTo(List.of("mattermost"));
    assertThat(COMPOSE.service("prometheus").get("profiles")).isEqualTo(List.of("observability"));
    assertThat(COMPOSE.service("grafana").get("profiles")).isEqualTo(List.of("observability"));
    assertThat(COMPOSE.service("analytics").get("profiles")).isEqualTo(List.of("analytics"));
  }

  @Test
  void shouldLeaveTopicSettingsToTheTiers() {
    // the tiers create their topics from the schemas registry (Topics.creationConfigs()); broker-level defaults or
    // auto-creation would give a topic other partitions, cleanup policy or retention than the registry's
    // (the three-broker overlay's brokers, merged by docker-compose itself: ComposeToolsTest)
    @SuppressWarnings("unchecked")
    Map<String, Object> env = (Map<String, Object>) COMPOSE.service("kafka").get("environment");
    assertThat(env.keySet()).noneMatch(k -> k.startsWith("KAFKA_LOG_RETENTION")
        || k.startsWith("KAFKA_LOG_CLEANUP") || k.equals("KAFKA_NUM_PARTITIONS"));
    assertThat(env).containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
  }

  @Test
  void shouldMountOnlyFilesThatExist() {
    COMPOSE.services().forEach((name, service) -> {
      COMPOSE.envFiles(name).forEach(f -> assertThat(ComposeFile.ROOT.resolve(f)).as(name).isRegularFile());
      if (service.get("volumes") instanceof List<?> volumes) {
        volumes.stream().map(String::valueOf).filter(v -> v.startsWith("./"))
            .map(v -> v.substring(2, v.indexOf(':')))
            .forEach(path -> assertThat(ComposeFile.ROOT.resolve(path)).as(name).exists());
      }
    });
  }
}
