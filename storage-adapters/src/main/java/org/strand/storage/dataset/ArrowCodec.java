package org.strand.storage.dataset;

import java.io.IOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.strand.core.Schema;
import org.strand.core.Table;

/** Arrow IPC part files. */
final class ArrowCodec implements PartCodec {
  @Override
  public DatasetFormat format() {
    return DatasetFormat.ARROW;
  }

  @Override
  public PartWriter create(FileSystem fs, Path file, Schema schema, DatasetOptions options, Configuration conf) throws IOException {
    throw new UnsupportedOperationException("Arrow datasets are not written yet");
  }

  @Override
  public Table read(FileSystem fs, Path file, Schema schema, long fromRow, long toRow, Configuration conf) throws IOException {
    throw new UnsupportedOperationException("Arrow datasets are not read yet");
  }

  @Override
  public Map<String, String> footer(FileSystem fs, Path file, Configuration conf) throws IOException {
    throw new UnsupportedOperationException("Arrow datasets are not read yet");
  }
}
