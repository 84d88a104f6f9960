package org.strand.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.strand.core.Chunk;
import org.strand.core.Schema;
import org.strand.core.StorageException;
import org.strand.plugin.Lineage;

/**
 * A {@link Storage} in memory, for tests and small interactive work. Published data is kept until
 * the object is dropped. Thread-safe.
 */
public final class InMemoryStorage implements Storage {
  private final ConcurrentMap<DataKey, Stored> published = new ConcurrentHashMap<>();

  @Override
  public Optional<StoredData> find(DataKey key) {
    return Optional.ofNullable(published.get(key));
  }

  @Override
  public DataWriter writer(DataKey key, Schema schema, Lineage lineage) {
    return new Writer(key, schema, lineage);
  }

  /** The keys published so far. */
  public List<DataKey> keys() {
    return new ArrayList<>(published.keySet());
  }

  /** The lineage stored with a key, if it was published. */
  public Optional<Lineage> lineage(DataKey key) {
    return Optional.ofNullable(published.get(key)).map(s -> s.lineage);
  }

  @Override
  public String describe() {
    return "memory";
  }

  private final class Writer implements DataWriter {
    private final DataKey key;
    private final Schema schema;
    private final Lineage lineage;
    private final ConcurrentMap<Integer, Chunk> chunks = new ConcurrentHashMap<>();
    private volatile boolean ended;

    Writer(DataKey key, Schema schema, Lineage lineage) {
      this.key = key;
      this.schema = schema;
      this.lineage = lineage;
    }

    @Override
    public void write(int index, Chunk chunk) {
      if (ended) {
        throw new StorageException("memory:" + key + ": write of chunk " + index + " after commit or abort");
      }
      if (!chunk.schema().equals(schema)) {
        throw new StorageException("memory:" + key + ": chunk " + index + " has schema " + chunk.schema() + ", expected " + schema);
      }
      if (chunks.putIfAbsent(index, chunk) != null) {
        throw new StorageException("memory:" + key + ": chunk " + index + " written twice");
      }
    }

    @Override
    public void commit() {
      if (ended) {
        throw new StorageException("memory:" + key + ": commit after commit or abort");
      }
      ended = true;
      Map<Integer, Chunk> sorted = new TreeMap<>(chunks);
      List<Chunk> list = new ArrayList<>(sorted.values());
      for (int i = 0; i < list.size(); i++) {
        if (!sorted.containsKey(i)) {
          throw new StorageException("memory:" + key + ": chunk " + i + " was never written");
        }
        if (i > 0 && list.get(i).start() != list.get(i - 1).end()) {
          throw new StorageException("memory:" + key + ": chunk " + i + " does not start where chunk " + (i - 1) + " ended");
        }
      }
      published.putIfAbsent(key, new Stored(key, schema, lineage, List.copyOf(list)));
    }

    @Override
    public void abort() {
      ended = true;
      chunks.clear();
    }
  }

  private record Stored(DataKey key, Schema schema, Lineage lineage, List<Chunk> data) implements StoredData {
    @Override
    public List<ChunkInfo> chunks() {
      List<ChunkInfo> out = new ArrayList<>(data.size());
      for (int i = 0; i < data.size(); i++) {
        Chunk c = data.get(i);
        out.add(new ChunkInfo(i, c.start(), c.end(), c.rows(), c.nbytes()));
      }
      return out;
    }

    @Override
    public Chunk read(int index) {
      if (index < 0 || index >= data.size()) {
        throw new StorageException("memory:" + key + ": no chunk " + index + " (has " + data.size() + ")");
      }
      return data.get(index);
    }

    @Override
    public String location() {
      return "memory:" + key;
    }
  }
}
