package io.mmpipe.devstack.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A tier's env file under {@code deploy/env/}: the one source of its fixed settings, loaded by docker-compose.yml
 * ({@code env_file:}) and by {@code ./mmpipe stack}. Only plain {@code KEY=VALUE} lines (no quotes, no
 * interpolation, no spaces), so Docker and this shell-free loader read a file alike.
 */
public final class EnvFile {

  private static final Pattern LINE = Pattern.compile("[A-Z][A-Z0-9_]*=[^\"'$`\\s]*");

  private EnvFile() {}

  /** The file's variables in file order; fails on a line that is not a comment, blank, or plain KEY=VALUE. */
  public static Map<String, String> read(Path file) {
    try {
      return parse(file.toString(), Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, String> parse(String name, String text) {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : text.lines().toList()) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (!LINE.matcher(line).matches()) {
        throw new IllegalArgumentException(name + ": not a plain KEY=VALUE line: " + line);
      }
      int eq = line.indexOf('=');
      if (env.put(line.substring(0, eq), line.substring(eq + 1)) != null) {
        throw new IllegalArgumentException(name + ": " + line.substring(0, eq) + " set twice");
      }
    }
    return Collections.unmodifiableMap(env);
  }
}
