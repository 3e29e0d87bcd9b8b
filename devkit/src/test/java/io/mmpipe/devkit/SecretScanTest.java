package io.mmpipe.devkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan finds a planted token in a report or log under any target/, and nothing where there is none. */
class SecretScanTest {

  @TempDir Path root;

  private Path write(String relative, String text) throws Exception {
    Path p = root.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  @Test
  void shouldFindAPlantedTokenInAnyModulesReportsAndLogs() throws Exception {
    write("sim/target/" + SecretScan.LEDGER, "k3j9x8q2m4n5b6v7c8x9z0a1s2\nplanted-api-token-123\n");
    write("gw/target/" + SecretScan.LEDGER, "another-token-of-gw\n");
    Path report = write("gw/target/failsafe-reports/io.x.SomeIT-output.txt",
        "line one\nGET /events Authorization: Bearer planted-api-token-123 answered 401\n");
    Path log = write("e2e/target/logs/gateway.log", "ok\nok\nuser token=k3j9x8q2m4n5b6v7c8x9z0a1s2;\n");
    write("gw/target/surefire-reports/TEST-io.x.CleanTest.xml", "<testsuite>clean</testsuite>");
    write("gw/src/test/resources/fixture.log", "planted-api-token-123 outside target/ is not a report");
    write("gw/target/classes/app.log.properties", "not a report");

    Set<String> tokens = SecretScan.ledgerTokens(root);
    assertThat(tokens).containsExactlyInAnyOrder("k3j9x8q2m4n5b6v7c8x9z0a1s2", "planted-api-token-123",
        "another-token-of-gw");
    List<Path> files = SecretScan.reportFiles(root);
    assertThat(files).contains(report, log).noneMatch(p -> p.toString().contains("src"))
        .noneMatch(p -> p.getFileName().toString().equals(SecretScan.LEDGER));
    List<SecretScan.Hit> hits = SecretScan.scan(files, tokens);
    assertThat(hits).extracting(SecretScan.Hit::file, SecretScan.Hit::line)
        .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(report, 2),
            org.assertj.core.groups.Tuple.tuple(log, 3));
    assertThat(hits).allSatisfy(h -> assertThat(h.toString()).doesNotContain("planted-api-token-123")
        .doesNotContain("k3j9x8q2m4n5b6v7c8x9z0a1s2"));
  }

  @Test
  void shouldFindNothingInCleanLogs() throws Exception {
    write("gw/target/" + SecretScan.LEDGER, "planted-api-token-123\n");
    write("gw/target/failsafe-reports/x.txt", "planted-api-token-12 is a prefix, not the token\n");
    assertThat(SecretScan.scan(SecretScan.reportFiles(root), SecretScan.ledgerTokens(root))).isEmpty();
  }

  @Test
  void shouldAllowOnlyTheDemoBannersOwnTokenLines() throws Exception {
    write("gw/target/" + SecretScan.LEDGER, "z3igdkw4btotxxm8exu73fhfqc\nnrymr71wkhccgd4ypurq8ece9h\n");
    Path log = write("target/browser/stack.log", String.join("\n",
        "  Mattermost  http://127.0.0.1:33753  (simulator, live traffic; bot token z3igdkw4btotxxm8exu73fhfqc)",
        "  alice  password alice-password   token nrymr71wkhccgd4ypurq8ece9h",
        "12:00:01 WARN request with Bearer nrymr71wkhccgd4ypurq8ece9h refused",
        "  debug: bot token z3igdkw4btotxxm8exu73fhfqc sent",
        "bot token: z3igdkw4btotxxm8exu73fhfqc (and SIM_BOT_TOKEN)",
        "bot token: z3igdkw4btotxxm8exu73fhfqc",
        "bot token: z3igdkw4btotxxm8exu73fhfqc sent to the ingestor"));
    assertThat(SecretScan.scan(List.of(log), SecretScan.ledgerTokens(root)))
        .extracting(SecretScan.Hit::line).containsExactly(3, 4, 7);
  }
}
