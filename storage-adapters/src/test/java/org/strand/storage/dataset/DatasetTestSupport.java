package org.strand.storage.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.strand.core.Chunk;
import org.strand.core.Schema;
import org.strand.plugin.Lineage;
import org.strand.storage.DataKey;
import org.strand.storage.DataWriter;
import org.strand.storage.StoredData;

/** Writing and reading back through a dataset storage, for the tests of both formats. */
final class DatasetTestSupport {
  private DatasetTestSupport() {}

  static DatasetStorage open(java.nio.file.Path dir, DatasetOptions options) {
    return DatasetStorage.open(new Path(dir.toUri()), new Configuration(), options);
  }

  static void write(DatasetStorage storage, DataKey key, Schema schema, Lineage lineage, List<Chunk> chunks) {
    DataWriter w = storage.writer(key, schema, lineage);
    for (int i = 0; i < chunks.size(); i++) {
      w.write(i, chunks.get(i));
    }
    w.commit();
  }

  static void assertReadsBack(StoredData stored, List<Chunk> chunks) {
    assertEquals(chunks.size(), stored.chunkCount());
    for (int i = 0; i < chunks.size(); i++) {
      Chunk expected = chunks.get(i);
      Chunk actual = stored.read(i);
      assertEquals(expected.start(), actual.start(), "start of chunk " + i);
      assertEquals(expected.end(), actual.end(), "end of chunk " + i);
      assertEquals(expected.schema(), actual.schema(), "schema, descriptions included");
      assertTrue(expected.data().contentEquals(actual.data()),
          "chunk " + i + " differs at row " + expected.data().firstDifference(actual.data()));
      assertEquals(expected.runId(), actual.runId());
    }
  }
}
