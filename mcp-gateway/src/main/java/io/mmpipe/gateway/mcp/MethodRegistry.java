package io.mmpipe.gateway.mcp;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The methods {@code /mcp} answers, each with the eras it exists in and, for cacheable results, the
 * {@code ttlMs}/{@code cacheScope} the 2026-07-28 era adds to them. Tools, resources and prompts register theirs
 * through their own registries; nothing else dispatches.
 */
public final class MethodRegistry {

  public static final Set<Era> BOTH = EnumSet.allOf(Era.class);
  public static final Set<Era> LEGACY_ONLY = EnumSet.of(Era.LEGACY);
  public static final Set<Era> MODERN_ONLY = EnumSet.of(Era.MODERN);

  /** How long a client may reuse a result and with whom (2026-07-28 {@code ttlMs} and {@code cacheScope}). */
  public record Caching(long ttlMs, String scope) {
    public Caching {
      if (ttlMs < 0 || !(scope.equals("public") || scope.equals("private"))) {
        throw new IllegalArgumentException("ttlMs >= 0 and scope public|private");
      }
    }
  }

  /** A registered method; {@code caching} is null for results that carry none. */
  public record Entry(String name, Set<Era> eras, Caching caching, McpMethod method) {}

  private final Map<String, Entry> methods = new LinkedHashMap<>();

  public MethodRegistry add(String name, Set<Era> eras, McpMethod method) {
    return add(name, eras, null, method);
  }

  public MethodRegistry add(String name, Set<Era> eras, Caching caching, McpMethod method) {
    if (methods.putIfAbsent(name, new Entry(name, Set.copyOf(eras), caching, method)) != null) {
      throw new IllegalArgumentException("method " + name + " is registered twice");
    }
    return this;
  }

  /** The method as served in {@code era}; empty when unknown there (-32601). */
  public Optional<Entry> find(String name, Era era) {
    Entry e = methods.get(name);
    return e != null && e.eras().contains(era) ? Optional.of(e) : Optional.empty();
  }
}
