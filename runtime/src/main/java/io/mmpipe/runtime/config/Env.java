package io.mmpipe.runtime.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads typed settings from environment variables and collects every problem, so a tier reports all of its
 * configuration mistakes at once ({@link #throwIfProblems(String)}) instead of one per restart.
 */
public final class Env {

  private final Map<String, String> env;
  private final List<String> problems = new ArrayList<>();

  public Env(Map<String, String> env) {
    // an EnvReads is kept as it is so it can record the names asked for; any other map is copied
    this.env = env instanceof EnvReads reads ? reads : Map.copyOf(env);
  }

  public Optional<String> optional(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  public String string(String name, String defaultValue) {
    return optional(name).orElse(defaultValue);
  }

  public String required(String name) {
    Optional<String> v = optional(name);
    if (v.isEmpty()) {
      problems.add(name + " is required");
      return "";
    }
    return v.get();
  }

  public Secret secret(String name, boolean required) {
    Optional<String> v = optional(name);
    if (v.isEmpty() && required) {
      problems.add(name + " is required");
    }
    return Secret.of(v.orElse(""));
  }

  public int integer(String name, int defaultValue, int min, int max) {
    Optional<String> v = optional(name);
    if (v.isEmpty()) {
      return defaultValue;
    }
    try {
      int n = Integer.parseInt(v.get());
      if (n < min || n > max) {
        problems.add(name + " must be between " + min + " and " + max + " (was " + n + ")");
        return defaultValue;
      }
      return n;
    } catch (NumberFormatException e) {
      problems.add(name + " must be an integer (was '" + v.get() + "')");
      return defaultValue;
    }
  }

  public boolean bool(String name, boolean defaultValue) {
    Optional<String> v = optional(name);
    if (v.isEmpty()) {
      return defaultValue;
    }
    switch (v.get().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes", "on" -> {
        return true;
      }
      case "false", "0", "no", "off" -> {
        return false;
      }
      default -> {
        problems.add(name + " must be true or false (was '" + v.get() + "')");
        return defaultValue;
      }
    }
  }

  /**
   * A duration: a bare number is read in {@code bareUnitSeconds ? seconds : milliseconds}; suffixes ms, s, m, h
   * are accepted ("500ms", "30s", "5m").
   */
  public Duration duration(String name, Duration defaultValue, boolean bareUnitSeconds) {
    Optional<String> v = optional(name);
    if (v.isEmpty()) {
      return defaultValue;
    }
    String s = v.get().toLowerCase(Locale.ROOT);
    try {
      Duration d;
      if (s.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
      } else if (s.endsWith("s")) {
        d = Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1).trim()) * 1000));
      } else if (s.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1).trim()));
      } else if (s.endsWith("h")) {
        d = Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1).trim()));
      } else {
        double n = Double.parseDouble(s);
        d = bareUnitSeconds ? Duration.ofMillis(Math.round(n * 1000)) : Duration.ofMillis(Math.round(n));
      }
      if (d.isNegative()) {
        problems.add(name + " must not be negative (was '" + v.get() + "')");
        return defaultValue;
      }
      return d;
    } catch (NumberFormatException e) {
      problems.add(name + " must be a duration such as 30s or 500ms (was '" + v.get() + "')");
      return defaultValue;
    }
  }

  public URI uri(String name, String defaultValue) {
    String v = optional(name).orElse(defaultValue);
    if (v == null) {
      return null;
    }
    try {
      URI u = URI.create(v);
      if (u.getScheme() == null || u.getHost() == null) {
        problems.add(name + " must be an absolute URL such as http://host:8065 (was '" + v + "')");
        return null;
      }
      return u;
    } catch (IllegalArgumentException e) {
      problems.add(name + " is not a valid URL (was '" + v + "')");
      return null;
    }
  }

  public List<String> list(String name) {
    return optional(name)
        .map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
  }

  /**
   * Kafka client properties: {@code KAFKA_BOOTSTRAP_SERVERS} and every other {@code KAFKA_*} variable, turned
   * into a property name ({@code KAFKA_SECURITY_PROTOCOL} becomes {@code security.protocol}).
   */
  public Map<String, Object> kafkaProperties(String defaultBootstrap) {
    Map<String, Object> props = new HashMap<>();
    if (env instanceof EnvReads reads) {
      reads.askedPrefix("KAFKA_");
    }
    env.forEach((k, v) -> {
      if (k.startsWith("KAFKA_") && v != null && !v.isBlank()) {
        props.put(k.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), v.trim());
      }
    });
    props.putIfAbsent("bootstrap.servers", defaultBootstrap);
    return props;
  }

  public void problem(String message) {
    problems.add(message);
  }

  public List<String> problems() {
    return List.copyOf(problems);
  }

  /** Throws one exception listing every problem found so far. */
  public void throwIfProblems(String what) {
    if (!problems.isEmpty()) {
      throw new ConfigException(what + " configuration has " + problems.size() + " problem(s):\n  - "
          + String.join("\n  - ", problems));
    }
  }

  /** A configuration error: the message lists every problem. */
  public static final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
      super(message);
    }
  }
}
