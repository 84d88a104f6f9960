package org.strand.storage.chunkstore;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.strand.core.Chunk;
import org.strand.core.StorageException;
import org.strand.storage.DataWriter;

/**
 * Regroups chunks on their way to the store to about a target size: small neighbours are
 * merged, large chunks are split, always where no row is in progress ({@link Chunk#split},
 * {@link Chunk#safeSplitTime}). Regrouping needs the chunks in order, so
 * {@link #rechunks()} is true and chunks arriving early are held until their turn.
 *
 * <p>Thread-safe: every method holds this writer's lock.
 */
final class RechunkingWriter implements DataWriter {
  private final DataWriter inner;
  private final long target;
  private final TreeMap<Integer, Chunk> early = new TreeMap<>();
  private final List<Chunk> pending = new ArrayList<>();
  private long pendingBytes;
  private int next;
  private int written;

  RechunkingWriter(DataWriter inner, long targetBytes) {
    this.inner = inner;
    this.target = targetBytes;
  }

  @Override
  public boolean rechunks() {
    return true;
  }

  @Override
  public synchronized void write(int index, Chunk chunk) {
    if (index < next || early.containsKey(index)) {
      throw new StorageException(chunk.where() + ": chunk " + index + " written twice");
    }
    early.put(index, chunk);
    while (!early.isEmpty() && early.firstKey() == next) {
      offer(early.pollFirstEntry().getValue());
      next++;
    }
  }

  private void offer(Chunk c) {
    pending.add(c);
    pendingBytes += c.nbytes();
    if (pendingBytes < target) {
      return;
    }
    Chunk merged = Chunk.concatenate(pending);
    pending.clear();
    pendingBytes = 0;
    List<Chunk> pieces = split(merged);
    for (int i = 0; i < pieces.size() - 1; i++) {
      inner.write(written++, pieces.get(i));
    }
    Chunk last = pieces.get(pieces.size() - 1);
    if (last.nbytes() >= target) {
      inner.write(written++, last);
    } else {
      pending.add(last);
      pendingBytes = last.nbytes();
    }
  }

  /** Cuts {@code c} into pieces of about the target size where no row is in progress. */
  private List<Chunk> split(Chunk c) {
    List<Chunk> out = new ArrayList<>();
    long pieces = Math.round((double) c.nbytes() / target);
    if (pieces <= 1 || c.rows() < 2) {
      out.add(c);
      return out;
    }
    long[] time = c.data().longs("time");
    Chunk rest = c;
    for (long k = 1; k < pieces; k++) {
      int row = (int) (c.rows() * k / pieces);
      long cut = rest.safeSplitTime(time[row]);
      if (cut <= rest.start() || cut >= rest.end()) {
        continue;
      }
      Chunk.Split s = rest.split(cut);
      if (s.before().rows() == 0) {
        continue;
      }
      out.add(s.before());
      rest = s.after();
    }
    out.add(rest);
    return out;
  }

  @Override
  public synchronized void commit() {
    if (!early.isEmpty()) {
      inner.abort();
      throw new StorageException("chunk " + next + " was never written (chunks " + early.keySet() + " wait for it)");
    }
    if (!pending.isEmpty()) {
      inner.write(written++, Chunk.concatenate(pending));
      pending.clear();
    }
    inner.commit();
  }

  @Override
  public synchronized void abort() {
    early.clear();
    pending.clear();
    inner.abort();
  }
}
