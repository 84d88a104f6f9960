package org.strand.spark.source;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.connector.metric.CustomMetric;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.Statistics;
import org.apache.spark.sql.connector.read.SupportsReportStatistics;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.SerializableConfiguration;
import org.strand.storage.ChunkInfo;

/**
 * A planned {@code strand} scan: the runs and chunks left after pruning (one input partition per
 * chunk, empty chunks left out), the columns to read, and its description for {@code EXPLAIN}
 * (kind of data, root, runs and chunks kept of all, pushed filters). Statistics (rows, bytes) come
 * from the chunks' metadata.
 */
final class StrandScan implements Scan, Batch, SupportsReportStatistics {
  private final StrandInput input;
  private final StructType readSchema;
  private final ChunkPruning pruning;
  private final List<ChunkPartition> partitions;
  private final int runsKept;
  private final int chunksTotal;

  StrandScan(StrandInput input, StructType readSchema, ChunkPruning pruning) {
    this.input = input;
    this.readSchema = readSchema;
    this.pruning = pruning;
    List<ChunkPartition> parts = new ArrayList<>();
    int runs = 0;
    int total = 0;
    for (StrandInput.RunData run : input.runs()) {
      total += run.chunks().size();
      if (!pruning.keepsRun(run.runId(), run.lineage())) {
        continue;
      }
      runs++;
      for (ChunkInfo c : run.chunks()) {
        if (c.rows() > 0 && pruning.keepsChunk(run.runId(), run.lineage(), c.start(), c.end())) {
          parts.add(new ChunkPartition(run.runId(), run.lineage(), c.index(), c.rows(), c.bytes()));
        }
      }
    }
    this.partitions = List.copyOf(parts);
    this.runsKept = runs;
    this.chunksTotal = total;
  }

  @Override
  public StructType readSchema() {
    return readSchema;
  }

  @Override
  public String description() {
    return "strand " + input.kind().label + " '" + input.type() + "' at " + input.root() + ", runs " + runsKept + " of "
        + input.runs().size() + ", chunks " + partitions.size() + " of " + chunksTotal + ", PushedFilters: "
        + pruning.used().stream().map(Object::toString).collect(Collectors.joining(", ", "[", "]"));
  }

  @Override
  public Batch toBatch() {
    return this;
  }

  @Override
  public ColumnarSupportMode columnarSupportMode() {
    return ColumnarSupportMode.SUPPORTED;
  }

  @Override
  public InputPartition[] planInputPartitions() {
    return partitions.toArray(new InputPartition[0]);
  }

  @Override
  public PartitionReaderFactory createReaderFactory() {
    SparkSession spark = SparkSession.active();
    Broadcast<SerializableConfiguration> conf =
        SerializableConfiguration.broadcast(spark.sparkContext(), spark.sessionState().newHadoopConf());
    List<String> columns = new ArrayList<>();
    for (StructField f : readSchema.fields()) {
      columns.add(f.name());
    }
    return new ChunkReaderFactory(input.kind(), input.root(), input.type(), columns, conf);
  }

  @Override
  public CustomMetric[] supportedCustomMetrics() {
    return ScanMetrics.supported();
  }

  @Override
  public Statistics estimateStatistics() {
    long rows = 0;
    long bytes = 0;
    for (ChunkPartition p : partitions) {
      rows += p.rows();
      bytes += p.bytes();
    }
    long r = rows;
    long b = bytes;
    return new Statistics() {
      @Override
      public OptionalLong sizeInBytes() {
        return OptionalLong.of(b);
      }

      @Override
      public OptionalLong numRows() {
        return OptionalLong.of(r);
      }
    };
  }

  /** The chunks this scan reads (for tests and messages). */
  List<ChunkPartition> partitions() {
    return partitions;
  }
}
