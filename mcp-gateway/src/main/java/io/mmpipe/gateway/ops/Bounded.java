package io.mmpipe.gateway.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** A map that forgets its oldest entries (by first insertion) beyond {@code max}: what one instance remembers. */
final class Bounded<V> {

  private final int max;
  private final LinkedHashMap<String, V> map = new LinkedHashMap<>();

  Bounded(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1");
    }
    this.max = max;
  }

  synchronized void put(String k, V v) {
    map.put(k, v);
    while (map.size() > max) {
      map.remove(map.keySet().iterator().next());
    }
  }

  synchronized V get(String k) {
    return map.get(k);
  }

  synchronized List<V> values() {
    return new ArrayList<>(map.values());
  }

  synchronized int size() {
    return map.size();
  }
}
