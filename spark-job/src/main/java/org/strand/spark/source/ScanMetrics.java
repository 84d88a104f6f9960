package org.strand.spark.source;

import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.metric.CustomSumMetric;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;

/**
 * What a {@code strand} scan reports in Spark's SQL metrics (the UI's scan node, and
 * {@code BatchScanExec.metrics()}): chunks read and their uncompressed bytes, summed over tasks.
 * Chunks skipped by pushed filters are not read, so these show what pruning saved.
 */
public final class ScanMetrics {
  static final String CHUNKS_READ = "chunksRead";
  static final String BYTES_READ = "uncompressedBytesRead";

  private ScanMetrics() {}

  static CustomMetric[] supported() {
    return new CustomMetric[] {new ChunksRead(), new BytesRead()};
  }

  static CustomTaskMetric[] values(long chunks, long bytes) {
    return new CustomTaskMetric[] {value(CHUNKS_READ, chunks), value(BYTES_READ, bytes)};
  }

  private static CustomTaskMetric value(String name, long v) {
    return new CustomTaskMetric() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public long value() {
        return v;
      }
    };
  }

  /** Chunks read (instantiated by Spark by class name, so public with a no-argument constructor). */
  public static final class ChunksRead extends CustomSumMetric {
    @Override
    public String name() {
      return CHUNKS_READ;
    }

    @Override
    public String description() {
      return "chunks read";
    }
  }

  /** Uncompressed bytes of the chunks read. */
  public static final class BytesRead extends CustomSumMetric {
    @Override
    public String name() {
      return BYTES_READ;
    }

    @Override
    public String description() {
      return "uncompressed bytes read";
    }
  }
}
