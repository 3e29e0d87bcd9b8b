package io.mmpipe.architecture.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's scaling rules name the tests that hold them: each named test class exists, and each named test
 * method exists in it, so a rule cannot outlive its proof unnoticed; the partition count the processor rule quotes
 * is the one compose gives the tiers.
 */
class ScalingRulesTest {

  private static final Pattern TEST_REF =
      Pattern.compile("`([A-Z][A-Za-z0-9]*(?:Test|IT))(?:\\.([a-z][A-Za-z0-9]*))?`");

  /** The README's "Scaling rules" table, up to the blank line after it. */
  static String scalingTable() throws IOException {
    String readme = Files.readString(ComposeFile.ROOT.resolve("README.md"));
    int start = readme.indexOf("**Scaling rules**");
    assertThat(start).as("README has the scaling rules").isNotNegative();
    int table = readme.indexOf("\n|", start);
    int end = readme.indexOf("\n\n", table);
    return readme.substring(start, end);
  }

  @Test
  void shouldCiteOnlyTestsThatExist() throws IOException {
    String table = scalingTable();
    Matcher m = TEST_REF.matcher(table);
    int cited = 0;
    while (m.find()) {
      cited++;
      Optional<Path> source = testSource(m.group(1));
      assertThat(source).as("test class %s cited in the scaling rules", m.group(1)).isPresent();
      if (m.group(2) != null) {
        assertThat(Files.readString(source.get())).as("%s.%s", m.group(1), m.group(2))
            .contains("void " + m.group(2) + "(");
      }
    }
    assertThat(cited).isGreaterThanOrEqualTo(4);
    for (String tier : List.of("`stream-processor`", "`ingestor`", "`mcp-gateway`", "`kafka`")) {
      assertThat(table.lines().filter(l -> l.startsWith("| " + tier + " |")))
          .as("a rule for %s citing a test", tier).singleElement().matches(l -> TEST_REF.matcher(l).find());
    }
  }

  @Test
  void shouldQuoteThePartitionCountComposeGivesTheTiers() throws IOException {
    String partitions = ComposeFile.load().effectiveEnvironment("stream-processor").get("MMPIPE_TOPIC_PARTITIONS");
    assertThat(scalingTable()).contains("(`MMPIPE_TOPIC_PARTITIONS`, " + partitions + " in compose)");
  }

  @Test
  void shouldNotFindATestThatDoesNotExist() throws IOException {
    assertThat(testSource("NoSuchScalingIT")).isEmpty();
    assertThat(testSource("ProcessorScalingIT")).isPresent();
  }

  /** The source file of a test class, in any module's {@code src/test/java}. */
  private static Optional<Path> testSource(String className) throws IOException {
    try (Stream<Path> modules = Files.list(ComposeFile.ROOT)) {
      for (Path module : modules.filter(Files::isDirectory).toList()) {
        Path tests = module.resolve("src/test/java");
        if (Files.isDirectory(tests)) {
          try (Stream<Path> files = Files.walk(tests)) {
            Optional<Path> hit = files.filter(p -> p.getFileName().toString().equals(className + ".java"))
                .findFirst();
            if (hit.isPresent()) {
              return hit;
            }
          }
        }
      }
    }
    return Optional.empty();
  }
}
