package org.strand.spark.source;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Makes the executors' readers of a {@code strand} scan: what is shipped is the root, the kind
 * of data, the type, the column names to read and the Hadoop configuration (broadcast once).
 * Reads are columnar only ({@link ChunkBatchReader}).
 */
final class ChunkReaderFactory implements PartitionReaderFactory {
  private static final long serialVersionUID = 1L;

  private final StrandInput.Kind kind;
  private final String root;
  private final String type;
  private final List<String> columns;
  private final Broadcast<SerializableConfiguration> conf;

  /** {@code columns}: the names of the batch's columns, in order ({@code run_id} among them or not). */
  ChunkReaderFactory(StrandInput.Kind kind, String root, String type, List<String> columns,
      Broadcast<SerializableConfiguration> conf) {
    this.kind = kind;
    this.root = root;
    this.type = type;
    this.columns = List.copyOf(columns);
    this.conf = conf;
  }

  @Override
  public PartitionReader<InternalRow> createReader(InputPartition partition) {
    throw new UnsupportedOperationException("the strand data source reads columnar batches only");
  }

  @Override
  public boolean supportColumnarReads(InputPartition partition) {
    return true;
  }

  @Override
  public PartitionReader<ColumnarBatch> createColumnarReader(InputPartition partition) {
    Configuration hadoop = conf.value().value();
    return new ChunkBatchReader(kind, root, type, columns, (ChunkPartition) partition, hadoop);
  }
}
