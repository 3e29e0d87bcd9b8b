package io.mmpipe.runtime.config;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * An environment that records every variable name a configuration asks for, so the names a tier reads can be
 * listed by running its own {@code fromEnv} (the compose file and the configuration table are checked against
 * that list, not against a hand-kept copy). A prefix read, such as every {@code KAFKA_*} variable, is recorded as
 * {@code KAFKA_*}. For one thread: a configuration is read once, at start.
 */
public final class EnvReads extends AbstractMap<String, String> {

  private final Map<String, String> values;
  private final Set<String> asked = new TreeSet<>();

  public EnvReads(Map<String, String> values) {
    this.values = Map.copyOf(values);
  }

  @Override
  public String get(Object key) {
    asked.add(String.valueOf(key));
    return values.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    asked.add(String.valueOf(key));
    return values.containsKey(key);
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return values.entrySet();
  }

  /** Records that every variable starting with {@code prefix} is read. */
  void askedPrefix(String prefix) {
    asked.add(prefix + "*");
  }

  /** The names asked for so far, sorted; a prefix read ends with {@code *}. */
  public SortedSet<String> asked() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(asked));
  }
}
