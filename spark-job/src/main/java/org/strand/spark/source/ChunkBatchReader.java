package org.strand.spark.source;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.connector.metric.CustomTaskMetric;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.strand.core.Chunk;
import org.strand.core.Schema;
import org.strand.core.StorageException;
import org.strand.core.Table;
import org.strand.storage.StoredData;

/**
 * Reads one chunk as one {@link ColumnarBatch}: the chunk is read through the storage adapters
 * (so sizes and checksums are checked as everywhere in strand), and its primitive arrays become
 * the batch's columns without copying ({@link ArrayVectors}). Not thread-safe (Spark uses a
 * reader from one task thread).
 */
final class ChunkBatchReader implements PartitionReader<ColumnarBatch> {
  private final StrandInput.Kind kind;
  private final String root;
  private final String type;
  private final List<String> columns;
  private final ChunkPartition partition;
  private final Configuration conf;
  private ColumnarBatch batch;
  private boolean done;
  private long chunksRead;
  private long bytesRead;

  ChunkBatchReader(StrandInput.Kind kind, String root, String type, List<String> columns, ChunkPartition partition,
      Configuration conf) {
    this.kind = kind;
    this.root = root;
    this.type = type;
    this.columns = columns;
    this.partition = partition;
    this.conf = conf;
  }

  @Override
  public boolean next() {
    if (done) {
      batch = null;
      return false;
    }
    done = true;
    StoredData data = StrandInput.open(kind, root, type, partition.runId(), partition.lineage(), conf);
    Chunk chunk = data.read(partition.chunk());
    if (chunk.rows() != partition.rows()) {
      throw new StorageException(data.location() + ": chunk " + partition.chunk() + " has " + chunk.rows()
          + " rows, but had " + partition.rows() + " when the query was planned (the data changed)");
    }
    Table t = chunk.data();
    Schema schema = t.schema();
    ColumnVector[] vectors = new ColumnVector[columns.size()];
    for (int i = 0; i < vectors.length; i++) {
      String name = columns.get(i);
      if (name.equals(SparkSchemas.RUN_ID)) {
        vectors[i] = ArrayVectors.constant(partition.runId());
      } else if (name.equals(SparkSchemas.LINEAGE) && kind == StrandInput.Kind.ARROW) {
        vectors[i] = ArrayVectors.constant(partition.lineage());
      } else {
        int c = schema.indexOf(name);
        vectors[i] = ArrayVectors.of(schema.field(c), t.column(c));
      }
    }
    batch = new ColumnarBatch(vectors, chunk.rows());
    chunksRead++;
    bytesRead += chunk.nbytes();
    return true;
  }

  @Override
  public ColumnarBatch get() {
    return batch;
  }

  @Override
  public CustomTaskMetric[] currentMetricsValues() {
    return ScanMetrics.values(chunksRead, bytesRead);
  }

  @Override
  public void close() {
    batch = null;
  }
}
