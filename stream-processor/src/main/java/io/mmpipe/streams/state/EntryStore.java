package io.mmpipe.streams.state;

import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What the processors and {@link IncrementalExpiry} need of a keyed state: a {@link StateSection} of the shared
 * store, or (in tests) a plain key-value store.
 *
 * @param <V> the value type
 */
public interface EntryStore<V> {

  V get(String key);

  void put(String key, V value);

  /** Removes the entry; returns its value, or null when there was none. */
  V delete(String key);

  /** Entries in key order from {@code from} (inclusive; null = the first). */
  KeyValueIterator<String, V> from(String from);

  /**
   * Adds at most {@code max} entries in key order from {@code from} (inclusive; null = the first) to {@code into}:
   * one slice of a walk that a punctuation spreads over several runs. Returns the key the next slice starts at, or
   * null when this one reached the last entry.
   */
  default String slice(String from, int max, List<KeyValue<String, V>> into) {
    int taken = 0;
    try (KeyValueIterator<String, V> it = from(from)) {
      while (it.hasNext()) {
        if (taken == max) {
          return it.peekNextKey();
        }
        into.add(it.next());
        taken++;
      }
    }
    return null;
  }

  /** A plain key-value store seen as an entry store. */
  static <V> EntryStore<V> of(KeyValueStore<String, V> store) {
    return new EntryStore<>() {
      @Override
      public V get(String key) {
        return store.get(key);
      }

      @Override
      public void put(String key, V value) {
        store.put(key, value);
      }

      @Override
      public V delete(String key) {
        return store.delete(key);
      }

      @Override
      public KeyValueIterator<String, V> from(String from) {
        return from == null ? store.all() : store.range(from, null);
      }
    };
  }
}
