package org.strand.storage.chunkstore;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import org.strand.storage.fs.PublishMode;
import org.strand.storage.fs.SmallFiles;

/**
 * How a chunk store is written. Immutable and serializable (a driver can ship it to executors).
 *
 * @param targetChunkBytes 0 to store chunks as they come; otherwise chunks are regrouped on save
 *     to about this many (uncompressed) bytes, cutting only where no row spans the cut
 * @param publishMode how a finished key becomes visible (see {@link PublishMode})
 * @param replaceExisting true replaces a key published before; false keeps it (first attempt wins)
 * @param stagingLease how long untouched staging is presumed alive
 * @param attemptId names this writer's staging directory; null for a random one per opened store
 * @param metadataLimit the largest metadata file read, in bytes
 */
public record ChunkStoreOptions(
    long targetChunkBytes,
    PublishMode publishMode,
    boolean replaceExisting,
    Duration stagingLease,
    String attemptId,
    long metadataLimit) implements Serializable {

  private static final long serialVersionUID = 1L;

  public ChunkStoreOptions {
    Objects.requireNonNull(publishMode, "publishMode");
    Objects.requireNonNull(stagingLease, "stagingLease");
    if (targetChunkBytes != 0 && targetChunkBytes < 1024) {
      throw new IllegalArgumentException("target chunk size must be 0 (keep chunks) or >= 1024 bytes, got " + targetChunkBytes);
    }
    if (stagingLease.isNegative() || stagingLease.isZero()) {
      throw new IllegalArgumentException("staging lease must be positive, got " + stagingLease);
    }
    if (metadataLimit < 1024) {
      throw new IllegalArgumentException("metadata limit must be >= 1024 bytes, got " + metadataLimit);
    }
  }

  /** Chunks kept as they come, automatic publishing, first attempt wins, a 6-hour lease. */
  public static ChunkStoreOptions defaults() {
    return new ChunkStoreOptions(0, PublishMode.AUTO, false, Duration.ofHours(6), null, SmallFiles.DEFAULT_METADATA_LIMIT);
  }

  public ChunkStoreOptions withTargetChunkBytes(long bytes) {
    return new ChunkStoreOptions(bytes, publishMode, replaceExisting, stagingLease, attemptId, metadataLimit);
  }

  public ChunkStoreOptions withPublishMode(PublishMode mode) {
    return new ChunkStoreOptions(targetChunkBytes, mode, replaceExisting, stagingLease, attemptId, metadataLimit);
  }

  public ChunkStoreOptions withReplaceExisting(boolean replace) {
    return new ChunkStoreOptions(targetChunkBytes, publishMode, replace, stagingLease, attemptId, metadataLimit);
  }

  public ChunkStoreOptions withStagingLease(Duration lease) {
    return new ChunkStoreOptions(targetChunkBytes, publishMode, replaceExisting, lease, attemptId, metadataLimit);
  }

  public ChunkStoreOptions withAttemptId(String id) {
    return new ChunkStoreOptions(targetChunkBytes, publishMode, replaceExisting, stagingLease, id, metadataLimit);
  }
}
