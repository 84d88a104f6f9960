package org.strand.testing;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.strand.core.Chunk;
import org.strand.core.Schema;
import org.strand.core.StorageException;
import org.strand.plugin.Lineage;
import org.strand.storage.ChunkInfo;
import org.strand.storage.DataKey;
import org.strand.storage.DataWriter;
import org.strand.storage.InMemoryStorage;
import org.strand.storage.Storage;
import org.strand.storage.StoredData;

/**
 * An {@link InMemoryStorage} with faults to inject: a write, commit or read of one type that
 * fails, slow writes, writers that say they rechunk. Counts the writes in progress, to show that
 * none is left running. Configure before use; thread-safe in use.
 */
public final class TestStorage implements Storage {
  private final InMemoryStorage inner = new InMemoryStorage();
  private final AtomicInteger writesInProgress = new AtomicInteger();
  private final AtomicInteger maxWritesInProgress = new AtomicInteger();
  private final AtomicInteger aborts = new AtomicInteger();
  private final Set<String> unfinished = ConcurrentHashMap.newKeySet();
  private String failWriteType;
  private int failWriteAt = -1;
  private String failCommitType;
  private String failReadType;
  private int failReadAt = -1;
  private boolean rechunking;
  private long writeDelayMs;

  /** Writing chunk {@code index} of {@code type} throws. */
  public TestStorage failingWrite(String type, int index) {
    this.failWriteType = type;
    this.failWriteAt = index;
    return this;
  }

  /** Committing {@code type} throws. */
  public TestStorage failingCommit(String type) {
    this.failCommitType = type;
    return this;
  }

  /** Reading stored chunk {@code index} of {@code type} throws. */
  public TestStorage failingRead(String type, int index) {
    this.failReadType = type;
    this.failReadAt = index;
    return this;
  }

  /** Writers say they rechunk (so they must see chunks in order, one at a time). */
  public TestStorage rechunking() {
    this.rechunking = true;
    return this;
  }

  /** Each write sleeps this long. */
  public TestStorage slowWrites(long ms) {
    this.writeDelayMs = ms;
    return this;
  }

  public List<DataKey> keys() {
    return inner.keys();
  }

  /** Writes running right now. */
  public int writesInProgress() {
    return writesInProgress.get();
  }

  /** The most writes that ran at once. */
  public int maxWritesInProgress() {
    return maxWritesInProgress.get();
  }

  public int aborts() {
    return aborts.get();
  }

  /** The keys of writers opened but neither committed nor aborted. */
  public Set<String> unfinishedWriters() {
    return Set.copyOf(unfinished);
  }

  @Override
  public Optional<StoredData> find(DataKey key) {
    return inner.find(key).map(d -> d.key().type().equals(failReadType) ? new FailingRead(d) : d);
  }

  @Override
  public DataWriter writer(DataKey key, Schema schema, Lineage lineage) {
    DataWriter w = inner.writer(key, schema, lineage);
    String type = key.type();
    unfinished.add(key.toString());
    return new DataWriter() {
      private final java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean();
      private volatile int expected;

      @Override
      public void write(int index, Chunk chunk) {
        int now = writesInProgress.incrementAndGet();
        maxWritesInProgress.accumulateAndGet(now, Math::max);
        boolean mine = busy.compareAndSet(false, true);
        try {
          if (rechunking && !mine) {
            throw new StorageException("rechunking writer of " + key + " got chunk " + index + " while writing another");
          }
          if (rechunking && index != expected) {
            throw new StorageException("rechunking writer of " + key + " got chunk " + index + ", expected " + expected);
          }
          expected = index + 1;
          ToyPlugins.sleep(writeDelayMs);
          if (type.equals(failWriteType) && index == failWriteAt) {
            throw new StorageException("injected failure writing chunk " + index + " of " + key);
          }
          w.write(index, chunk);
        } finally {
          if (mine) {
            busy.set(false);
          }
          writesInProgress.decrementAndGet();
        }
      }

      @Override
      public void commit() {
        if (type.equals(failCommitType)) {
          throw new StorageException("injected failure committing " + key);
        }
        w.commit();
        unfinished.remove(key.toString());
      }

      @Override
      public void abort() {
        aborts.incrementAndGet();
        unfinished.remove(key.toString());
        w.abort();
      }

      @Override
      public boolean rechunks() {
        return rechunking;
      }
    };
  }

  @Override
  public String describe() {
    return "test memory";
  }

  private final class FailingRead implements StoredData {
    private final StoredData d;

    FailingRead(StoredData d) {
      this.d = d;
    }

    @Override
    public DataKey key() {
      return d.key();
    }

    @Override
    public Schema schema() {
      return d.schema();
    }

    @Override
    public List<ChunkInfo> chunks() {
      return d.chunks();
    }

    @Override
    public Chunk read(int index) {
      if (index == failReadAt) {
        throw new StorageException("injected failure reading chunk " + index + " of " + d.location());
      }
      return d.read(index);
    }

    @Override
    public String location() {
      return d.location();
    }
  }
}
