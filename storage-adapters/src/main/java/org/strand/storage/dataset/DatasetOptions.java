package org.strand.storage.dataset;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import org.strand.storage.fs.PublishMode;
import org.strand.storage.fs.SmallFiles;

/**
 * How a dataset root is written: format, compression, sizes, publishing. Immutable and
 * serializable, so a driver can ship it to executors, which open the storage there with
 * {@link DatasetStorage#open}.
 *
 * @param format the file format (one per root)
 * @param compression the codec; must suit the format (see {@link Compression})
 * @param compressionLevel the codec level (zstd), or -1 for the codec's default
 * @param rowGroupBytes Parquet: buffered bytes at which a row group is written (Arrow: at which
 *     a record batch is cut)
 * @param pageBytes Parquet: target page size
 * @param fileBytes a new part file is started, at a chunk boundary, once a file reaches this
 *     size (ignored when publishing single files)
 * @param dictionaryEncoding Parquet: dictionary-encode columns (smaller files, slower writes)
 * @param publishMode how finished runs become visible (see {@link PublishMode})
 * @param replaceExisting when a run is already published with the same lineage: true replaces it
 *     whole; false (default) keeps it and discards the new copy (first attempt wins)
 * @param stagingLease how long untouched staging is presumed alive before
 *     {@link DatasetStorage#removeStaleStaging()} may delete it
 * @param attemptId names this writer's staging directory (e.g. a Spark task attempt); null for a
 *     random id per opened storage
 * @param metadataLimit the largest manifest file read, in bytes
 */
public record DatasetOptions(
    DatasetFormat format,
    Compression compression,
    int compressionLevel,
    long rowGroupBytes,
    int pageBytes,
    long fileBytes,
    boolean dictionaryEncoding,
    PublishMode publishMode,
    boolean replaceExisting,
    Duration stagingLease,
    String attemptId,
    long metadataLimit) implements Serializable {

  private static final long serialVersionUID = 1L;

  public DatasetOptions {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(compression, "compression");
    Objects.requireNonNull(publishMode, "publishMode");
    Objects.requireNonNull(stagingLease, "stagingLease");
    if (!compression.supports(format)) {
      throw new IllegalArgumentException("compression " + compression.label() + " is not available for " + format.label()
          + "; allowed: " + (format == DatasetFormat.PARQUET ? "zstd, snappy, lz4_raw, none" : "zstd, lz4_frame, none"));
    }
    require(compressionLevel >= -1 && compressionLevel <= 22, "compression level must be -1 (default) or 0..22, got %s", compressionLevel);
    require(rowGroupBytes >= 1024, "row group size must be >= 1024 bytes, got %s", rowGroupBytes);
    require(pageBytes >= 1024, "page size must be >= 1024 bytes, got %s", pageBytes);
    require(fileBytes >= 1024, "file size must be >= 1024 bytes, got %s", fileBytes);
    require(!stagingLease.isNegative() && !stagingLease.isZero(), "staging lease must be positive, got %s", stagingLease);
    require(metadataLimit >= 1024, "metadata limit must be >= 1024 bytes, got %s", metadataLimit);
  }

  private static void require(boolean condition, String message, Object value) {
    if (!condition) {
      throw new IllegalArgumentException(String.format(message, value));
    }
  }

  /** Defaults for {@code format}: zstd for Parquet, LZ4 frames for Arrow. */
  public static DatasetOptions defaults(DatasetFormat format) {
    return builder(format).build();
  }

  public static Builder builder(DatasetFormat format) {
    return new Builder(format);
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder(format);
    b.compression = compression;
    b.compressionLevel = compressionLevel;
    b.rowGroupBytes = rowGroupBytes;
    b.pageBytes = pageBytes;
    b.fileBytes = fileBytes;
    b.dictionaryEncoding = dictionaryEncoding;
    b.publishMode = publishMode;
    b.replaceExisting = replaceExisting;
    b.stagingLease = stagingLease;
    b.attemptId = attemptId;
    b.metadataLimit = metadataLimit;
    return b;
  }

  /** Builds {@link DatasetOptions}; every setter's argument is checked by {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private final DatasetFormat format;
    private Compression compression;
    private int compressionLevel = -1;
    private long rowGroupBytes = 128L << 20;
    private int pageBytes = 1 << 20;
    private long fileBytes = 1L << 30;
    private boolean dictionaryEncoding = true;
    private PublishMode publishMode = PublishMode.AUTO;
    private boolean replaceExisting;
    private Duration stagingLease = Duration.ofHours(6);
    private String attemptId;
    private long metadataLimit = SmallFiles.DEFAULT_METADATA_LIMIT;

    private Builder(DatasetFormat format) {
      this.format = Objects.requireNonNull(format, "format");
      this.compression = format == DatasetFormat.PARQUET ? Compression.ZSTD : Compression.LZ4_FRAME;
    }

    public Builder compression(Compression compression) {
      this.compression = compression;
      return this;
    }

    public Builder compressionLevel(int level) {
      this.compressionLevel = level;
      return this;
    }

    public Builder rowGroupBytes(long bytes) {
      this.rowGroupBytes = bytes;
      return this;
    }

    public Builder pageBytes(int bytes) {
      this.pageBytes = bytes;
      return this;
    }

    public Builder fileBytes(long bytes) {
      this.fileBytes = bytes;
      return this;
    }

    public Builder dictionaryEncoding(boolean enabled) {
      this.dictionaryEncoding = enabled;
      return this;
    }

    public Builder publishMode(PublishMode mode) {
      this.publishMode = mode;
      return this;
    }

    public Builder replaceExisting(boolean replace) {
      this.replaceExisting = replace;
      return this;
    }

    public Builder stagingLease(Duration lease) {
      this.stagingLease = lease;
      return this;
    }

    public Builder attemptId(String attemptId) {
      this.attemptId = attemptId;
      return this;
    }

    public Builder metadataLimit(long bytes) {
      this.metadataLimit = bytes;
      return this;
    }

    /**
     * The options.
     *
     * @throws IllegalArgumentException naming the first bad value
     */
    public DatasetOptions build() {
      return new DatasetOptions(format, compression, compressionLevel, rowGroupBytes, pageBytes, fileBytes,
          dictionaryEncoding, publishMode, replaceExisting, stagingLease, attemptId, metadataLimit);
    }
  }
}
