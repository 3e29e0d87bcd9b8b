package io.mmpipe.schemas;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where registry mode's Apicurio Registry is ({@code SCHEMA_REGISTRY_URL}): its base address, from which the two
 * APIs mmpipe uses are derived. The serdes speak Apicurio's native API ({@code /apis/registry/v3}); the startup
 * registration and every standard tool (Kafka Connect, Flink, ksqlDB, ...) speak the Confluent-compatible one
 * ({@code /apis/ccompat/v7}). Both name the same subjects and ids, so what mmpipe writes, any of them reads.
 *
 * <p>The variable may be given as the base address or as either API's address; all three mean the same registry.
 */
public record SchemaRegistry(URI baseUrl) {

  public static final String ENV = "SCHEMA_REGISTRY_URL";
  static final String CCOMPAT_PATH = "/apis/ccompat/v7";
  static final String NATIVE_PATH = "/apis/registry/v3";

  public SchemaRegistry {
    Objects.requireNonNull(baseUrl, "baseUrl");
    String problem = problemWith(baseUrl.toString());
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** Parses an address (base or API), or throws {@link IllegalArgumentException} with {@link #problemWith}. */
  public static SchemaRegistry of(String url) {
    String problem = problemWith(url);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return new SchemaRegistry(URI.create(base(url.strip())));
  }

  /** The registry named by {@code SCHEMA_REGISTRY_URL}, or empty (single-object mode) when it is unset or blank. */
  public static Optional<SchemaRegistry> fromEnv(Map<String, String> env) {
    String v = env.get(ENV);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(of(v));
  }

  /** Why {@code url} cannot be a registry address (a sentence naming the variable), or null when it can. */
  public static String problemWith(String url) {
    if (url == null || url.isBlank()) {
      return ENV + " must be an http(s) URL such as http://registry:8080 (was empty)";
    }
    try {
      URI u = URI.create(url.strip());
      String scheme = u.getScheme();
      if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
        return ENV + " must be an http(s) URL such as http://registry:8080 (was '" + url + "')";
      }
      if (u.getQuery() != null || u.getFragment() != null || u.getUserInfo() != null) {
        return ENV + " must not carry a query, a fragment or credentials (was '" + url + "')";
      }
      return null;
    } catch (IllegalArgumentException e) {
      return ENV + " is not a valid URL (was '" + url + "')";
    }
  }

  /** The Confluent-compatible API: what standard tools are given as {@code schema.registry.url}. */
  public String ccompatUrl() {
    return baseUrl + CCOMPAT_PATH;
  }

  /** Apicurio's native API, which its serdes use. */
  public String nativeUrl() {
    return baseUrl + NATIVE_PATH;
  }

  /** The subject of a topic's values: Confluent's TopicNameStrategy, which Apicurio's TopicIdStrategy also uses. */
  public static String valueSubject(String topic) {
    return topic + "-value";
  }

  private static String base(String url) {
    String s = url;
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    for (String api : new String[] {CCOMPAT_PATH, NATIVE_PATH}) {
      if (s.endsWith(api)) {
        return s.substring(0, s.length() - api.length());
      }
    }
    return s;
  }
}
