package io.mmpipe.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * The credentials a test run used, written for the secret scan that follows the build ({@code ./mmpipe test} runs
 * {@code SecretScan} over every module's reports and logs and fails on any of them). The file is named by the system
 * property {@code mmpipe.tokenLedger}, which the build sets for tests; without it nothing is written, so a demo or a
 * production-shaped run never keeps credentials on disk. Tokens shorter than {@link #MIN_LENGTH} are ordinary words
 * ("other") and are not recorded.
 */
public final class TokenLedger {

  public static final String PROPERTY = "mmpipe.tokenLedger";
  public static final int MIN_LENGTH = 12;
  private static final Set<String> written = new HashSet<>();

  private TokenLedger() {}

  /** Notes that {@code token} was issued or used; once per JVM and token. */
  public static void record(String token) {
    String file = System.getProperty(PROPERTY);
    if (file == null || file.isBlank() || token == null || token.strip().length() < MIN_LENGTH) {
      return;
    }
    synchronized (written) {
      if (!written.add(token.strip())) {
        return;
      }
      try {
        Path path = Path.of(file);
        Files.createDirectories(path.toAbsolutePath().getParent());
        Files.writeString(path, token.strip() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the token ledger " + file, e);
      }
    }
  }
}
