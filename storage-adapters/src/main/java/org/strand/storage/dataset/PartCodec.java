package org.strand.storage.dataset;

import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.strand.core.Schema;
import org.strand.core.Table;

/**
 * Reads and writes the part files of one format. The dataset logic (staging, publishing,
 * manifest) is the same for every format; only this differs.
 */
interface PartCodec {
  /** Footer keys every part file carries. */
  String KEY_VERSION = "strand.version";
  String KEY_TYPE = "strand.type";
  String KEY_RUN_ID = "strand.run_id";
  String KEY_LINEAGE_HASH = "strand.lineage_hash";
  String KEY_LINEAGE = "strand.lineage";
  String KEY_SCHEMA = "strand.schema";
  /** The attempt that wrote the file. */
  String KEY_ATTEMPT = "strand.attempt";
  /** JSON list of {@code [start, end, rows, bytes]}, one per chunk in the file. */
  String KEY_CHUNKS = "strand.chunks";

  DatasetFormat format();

  /** Creates {@code file} and returns a writer of rows into it. */
  PartWriter create(FileSystem fs, Path file, Schema schema, DatasetOptions options, Configuration conf) throws IOException;

  /**
   * Rows {@code [fromRow, toRow)} of {@code file} (its status, which the caller has asked for
   * anyway, so that reading needs no second one), which must hold {@code schema}.
   *
   * @throws IOException if the file cannot be read or does not hold what is expected
   */
  Table read(FileSystem fs, FileStatus file, Schema schema, long fromRow, long toRow, Configuration conf) throws IOException;

  /** The key-value metadata of {@code file}'s footer. */
  Map<String, String> footer(FileSystem fs, Path file, Configuration conf) throws IOException;

  /**
   * The rows {@code file} holds, as its own structure says (Parquet: its row groups; Arrow: its
   * record batches).
   *
   * @throws IOException if the file cannot be read or is not of this format
   */
  long rowCount(FileSystem fs, Path file, Configuration conf) throws IOException;

  /**
   * A finished part file.
   *
   * @param bytes its size on disk
   * @param checksum the checksum of the bytes written ({@link ChecksumOutputStream#checksum()})
   */
  record Written(long bytes, String checksum) {}

  /** Writes rows into one part file, in order. Not thread-safe. */
  interface PartWriter {
    /** Appends every row of {@code rows}. */
    void write(Table rows) throws IOException;

    /** About how large the file will be if closed now, in bytes. */
    long bytesSoFar() throws IOException;

    /** Finishes the file with {@code footer} key-value metadata; returns its size and checksum. */
    Written close(Map<String, String> footer) throws IOException;

    /** Abandons the file (the caller deletes it). Never throws. */
    void abort();
  }
}
