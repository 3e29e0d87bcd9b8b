package io.mmpipe.devkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The secret scan run by {@code ./mmpipe test} after the build: every token the tests issued or configured (the
 * {@code test-tokens.txt} ledgers the test JVMs wrote under each module's {@code target/}) is looked for in every
 * test report and log under any {@code target/} of the tree (everything in {@code surefire-reports} and
 * {@code failsafe-reports}, every {@code *.log}, the conformance transcripts). A hit names the file and line, and
 * shows only the token's first four characters. Exit 1 on any hit, 2 when there is nothing to check (no ledger: the tests did not run).
 */
public final class SecretScan {

  public static final String LEDGER = "test-tokens.txt";
  /** The shortest token scanned for (the ledger records none shorter). */
  public static final int KEY = 12;

  /** One occurrence: where, and which token (masked). */
  public record Hit(Path file, int line, String maskedToken) {
    @Override
    public String toString() {
      return file + ":" + line + ": " + maskedToken;
    }
  }

  /**
   * The demo's banner and the simulator's own (SimMain, as the process stack and the chaos suite run it), whose job
   * is to hand the person at the console the simulator's tokens (the bot's, and each demo user's next to their
   * password): a line of exactly that shape is a deliberate disclosure, not a leak. Any other line of the same log is
   * still scanned.
   */
  private static final List<Pattern> BANNER = List.of(
      Pattern.compile("^\\s+Mattermost\\s+\\S+\\s+\\(simulator, live traffic; bot token \\S+\\)\\s*$"),
      Pattern.compile("^bot token: \\S+( \\(and SIM_BOT_TOKEN\\))?$"),
      Pattern.compile("^\\s+\\S+\\s+password \\S+\\s+token \\S+\\s*$"));

  private SecretScan() {}

  /** Whether {@code line} is one of the demo banner's token lines (see {@link #BANNER}). */
  public static boolean bannerLine(String line) {
    return BANNER.stream().anyMatch(b -> b.matcher(line).matches());
  }

  public static void main(String[] args) throws IOException {
    Path root = Path.of(args.length > 0 ? args[0] : ".");
    Set<String> tokens = ledgerTokens(root);
    if (tokens.isEmpty()) {
      System.err.println("secret scan: no " + LEDGER + " under " + root + " (did the tests run?)");
      System.exit(2);
    }
    List<Path> files = reportFiles(root);
    List<Hit> hits = scan(files, tokens);
    System.out.println("secret scan: " + tokens.size() + " tokens, " + files.size() + " report and log files, "
        + hits.size() + " hits");
    hits.forEach(h -> System.out.println("  token in " + h));
    System.exit(hits.isEmpty() ? 0 : 1);
  }

  /** Every token of every ledger under {@code root}. */
  public static Set<String> ledgerTokens(Path root) throws IOException {
    Set<String> tokens = new LinkedHashSet<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path ledger : s.filter(p -> p.getFileName().toString().equals(LEDGER) && underTarget(root, p)).toList()) {
        Files.readAllLines(ledger, StandardCharsets.UTF_8).stream().map(String::strip).filter(t -> t.length() >= KEY)
            .forEach(tokens::add);
      }
    }
    return tokens;
  }

  /** The test reports and logs under any {@code target/} below {@code root}, ledgers and class files excluded. */
  public static List<Path> reportFiles(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).filter(p -> underTarget(root, p)).filter(p -> {
        String name = p.getFileName().toString();
        String path = root.relativize(p).toString();
        return !name.equals(LEDGER) && (path.contains("surefire-reports") || path.contains("failsafe-reports")
            || name.endsWith(".log") || (path.contains("conformance") && name.endsWith(".txt")));
      }).sorted().toList();
    }
  }

  private static boolean underTarget(Path root, Path p) {
    for (Path part : root.relativize(p)) {
      if (part.toString().equals("target")) {
        return true;
      }
    }
    return false;
  }

  /** Every line of {@code files} holding one of {@code tokens} (each at least {@link #KEY} characters long). */
  public static List<Hit> scan(List<Path> files, Set<String> tokens) {
    // thousands of tokens against every line: look up each position's next KEY characters instead of every token
    Map<String, List<String>> byKey = new HashMap<>();
    for (String t : tokens) {
      if (t.length() < KEY) {
        throw new IllegalArgumentException("a token shorter than " + KEY + " characters cannot be scanned for");
      }
      byKey.computeIfAbsent(t.substring(0, KEY), k -> new ArrayList<>()).add(t);
    }
    List<Hit> hits = new ArrayList<>();
    for (Path file : files) {
      // reports may hold bytes that are not UTF-8 (a test's binary frame): read them, never fail on them
      var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
          .onUnmappableCharacter(CodingErrorAction.REPLACE);
      try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
          decoder))) {
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
          n++;
          if (bannerLine(line)) {
            continue;
          }
          for (int i = 0; i + KEY <= line.length(); i++) {
            List<String> candidates = byKey.get(line.substring(i, i + KEY));
            if (candidates != null) {
              for (String t : candidates) {
                if (line.startsWith(t, i)) {
                  hits.add(new Hit(file, n, t.substring(0, 4) + "…"));
                }
              }
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return hits;
  }
}
