package io.mmpipe.architecture.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * docs/configuration.md's table lists exactly the variables each tier reads: none missing, none stale, each with
 * the tiers that read it.
 */
class ConfigurationTableTest {

  private static final Set<String> TIER_NAMES = Arrays.stream(Tier.values()).map(Tier::service)
      .collect(Collectors.toSet());

  /** Variable name to the tiers its row names. */
  static Map<String, Set<String>> table(String markdown) {
    Map<String, Set<String>> rows = new LinkedHashMap<>();
    for (String line : markdown.lines().toList()) {
      if (!line.startsWith("| `")) {
        continue;
      }
      String[] cells = line.split("\\|");
      String name = cells[1].trim().replace("`", "");
      Set<String> tiers = Arrays.stream(cells[2].split(",")).map(String::trim)
          .collect(Collectors.toCollection(TreeSet::new));
      if (!TIER_NAMES.containsAll(tiers)) {
        throw new AssertionError("row " + name + " names an unknown tier: " + tiers + " (tiers: " + TIER_NAMES + ")");
      }
      if (rows.put(name, tiers) != null) {
        throw new AssertionError("row " + name + " appears twice");
      }
    }
    return rows;
  }

  private static Map<String, Set<String>> documented() throws IOException {
    return table(Files.readString(ComposeFile.ROOT.resolve("docs/configuration.md")));
  }

  @ParameterizedTest
  @EnumSource(Tier.class)
  void shouldDocumentExactlyWhatEachTierReads(Tier tier) throws IOException {
    Set<String> rowsForTier = documented().entrySet().stream()
        .filter(e -> e.getValue().contains(tier.service())).map(Map.Entry::getKey)
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(rowsForTier).as("docs/configuration.md: rows missing for what %s reads", tier.service())
        .containsAll(tier.reads());
    // a row may spell out one variable of a prefix read (KAFKA_BOOTSTRAP_SERVERS of KAFKA_*), nothing else
    assertThat(rowsForTier).as("docs/configuration.md: rows naming %s for variables it never reads", tier.service())
        .allMatch(tier::reads);
  }

  @Test
  void shouldParseTheTableAndRejectAnUnknownTier() {
    String md = "| variable | tiers | default | meaning |\n|---|---|---|---|\n"
        + "| `A` | ingestor, mcp-gateway | 1 | a |\n";
    assertThat(table(md)).containsExactly(Map.entry("A", Set.of("ingestor", "mcp-gateway")));
    assertThatThrownBy(() -> table(md + "| `B` | gateway | 1 | b |\n")).hasMessageContaining("unknown tier");
    assertThatThrownBy(() -> table(md + md.lines().skip(2).findFirst().orElseThrow()))
        .hasMessageContaining("twice");
  }
}
