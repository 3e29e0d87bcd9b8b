package io.mmpipe.streams.state;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * One keyed section of the processor's shared key-value store {@value #STORE}: the post threads, reported deletions,
 * reaction sets, sightings and channel cursors each live under a one-letter key prefix of that one store, so a
 * transaction writes ONE changelog partition per task for all of them instead of one per kind of state. Under
 * exactly-once every partition a transaction writes costs the broker a verification round and a commit marker, and
 * with a store per kind the processor wrote five more partitions per task than a single-store application (issue
 * 12: the bench's throughput against the reference app).
 *
 * <p>Each section also reads through to the separate store of the same name that earlier versions kept (its
 * {@code legacy} store, still restored from its changelog): an entry found only there is used as it is, and
 * {@link #migrate} moves a bounded slice of them into the shared store per run, so state written before an upgrade
 * is neither lost nor read twice, and a fresh deployment's legacy stores stay empty and cost no writes.
 *
 * @param <V> the section's value type
 */
public final class StateSection<V> implements EntryStore<V> {

  /** The shared store's name (its changelog: {@code <application id>-processor-state-changelog}). */
  public static final String STORE = "processor-state";

  /** What a section is: its name (also the name of its legacy store), key prefix and value serde. */
  public record Kind<V>(String name, char code, Serde<V> serde) {

    public Kind {
      if (!Character.isLetter(code)) {
        throw new IllegalArgumentException("a section code is one letter");
      }
    }

    String prefix() {
      return code + ":";
    }

    /** The store earlier versions kept for this kind of state, registered so that it is restored and read. */
    public StoreBuilder<KeyValueStore<String, V>> legacyStore() {
      return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), serde);
    }
  }

  /** The shared store: values are the sections' own serialized values; cached, so a key rewritten many times per
   * commit reaches RocksDB and the changelog once. */
  public static StoreBuilder<KeyValueStore<String, byte[]>> sharedStore() {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
        .withCachingEnabled();
  }

  private final Kind<V> kind;
  private final KeyValueStore<String, byte[]> store;
  private KeyValueStore<String, V> legacy; // null once a migration run finds it empty: nothing writes to it again
  private final String prefix;
  private final String end;

  /**
   * @param legacy the separate store of earlier versions, or null when there is none to read through to
   */
  public StateSection(Kind<V> kind, KeyValueStore<String, byte[]> store, KeyValueStore<String, V> legacy) {
    this.kind = kind;
    this.store = store;
    this.legacy = legacy;
    this.prefix = kind.prefix();
    this.end = kind.code() + ";"; // ';' follows ':': no key of this section sorts at or after it
  }

  /** The section of a processor connected to {@value #STORE} and to the legacy store named as the kind. */
  public static <V> StateSection<V> open(ProcessorContext<?, ?> context, Kind<V> kind) {
    return new StateSection<>(kind, context.getStateStore(STORE), context.getStateStore(kind.name()));
  }

  /** A section kept only in the shared store (no earlier version had a store for it). */
  public static <V> StateSection<V> openShared(ProcessorContext<?, ?> context, Kind<V> kind) {
    return new StateSection<>(kind, context.getStateStore(STORE), null);
  }

  public String name() {
    return kind.name();
  }

  @Override
  public V get(String key) {
    byte[] bytes = store.get(prefix + key);
    if (bytes != null) {
      return decode(bytes);
    }
    return legacy == null ? null : legacy.get(key);
  }

  @Override
  public void put(String key, V value) {
    putEncoded(key, encode(value));
  }

  /** The value as this section stores it; with {@link #putEncoded}, one encoding for sections of one format. */
  public byte[] encode(V value) {
    return kind.serde().serializer().serialize(kind.name(), value);
  }

  /** Stores a value {@link #encode}d by a section whose kind has the same serde. */
  public void putEncoded(String key, byte[] encoded) {
    store.put(prefix + key, encoded);
  }

  @Override
  public V delete(String key) {
    byte[] old = store.delete(prefix + key);
    V legacyOld = legacy == null || legacy.get(key) == null ? null : legacy.delete(key);
    return old != null ? decode(old) : legacyOld;
  }

  /**
   * This section's entries in key order from {@code from} (inclusive; null = the first), the shared store's only:
   * entries still in the legacy store join them as {@link #migrate} moves them.
   */
  @Override
  public KeyValueIterator<String, V> from(String from) {
    KeyValueIterator<String, byte[]> it = store.range(from == null ? prefix : prefix + from, end);
    return new KeyValueIterator<>() {
      @Override
      public boolean hasNext() {
        return it.hasNext();
      }

      @Override
      public KeyValue<String, V> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        KeyValue<String, byte[]> kv = it.next();
        return KeyValue.pair(kv.key.substring(prefix.length()), decode(kv.value));
      }

      @Override
      public String peekNextKey() {
        return it.peekNextKey().substring(prefix.length());
      }

      @Override
      public void close() {
        it.close();
      }
    };
  }

  /**
   * Moves at most {@code max} entries of the legacy store into this section (an entry the section already has was
   * written since the upgrade and wins) and deletes them there; returns how many it moved or dropped.
   */
  public int migrate(int max) {
    if (legacy == null) {
      return 0;
    }
    List<KeyValue<String, V>> batch = new ArrayList<>();
    try (KeyValueIterator<String, V> it = legacy.all()) {
      while (it.hasNext() && batch.size() < max) {
        batch.add(it.next());
      }
    }
    if (batch.isEmpty()) {
      legacy = null; // drained: reads and deletes stop paying a lookup in it
      return 0;
    }
    for (KeyValue<String, V> kv : batch) {
      if (store.get(prefix + kv.key) == null) {
        put(kv.key, kv.value);
      }
      legacy.delete(kv.key);
    }
    return batch.size();
  }

  private V decode(byte[] bytes) {
    return kind.serde().deserializer().deserialize(kind.name(), bytes);
  }

  /** Test and tool use: the key this section stores {@code key} under in the shared store. */
  public String storedKey(String key) {
    return prefix + key;
  }
}
