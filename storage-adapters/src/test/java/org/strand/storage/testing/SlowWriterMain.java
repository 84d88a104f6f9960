package org.strand.storage.testing;

import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.strand.core.Chunk;
import org.strand.plugin.Lineage;
import org.strand.storage.DataKey;
import org.strand.storage.DataWriter;
import org.strand.storage.Storage;
import org.strand.storage.chunkstore.ChunkStore;
import org.strand.storage.chunkstore.ChunkStoreOptions;
import org.strand.storage.dataset.DatasetFormat;
import org.strand.storage.dataset.DatasetOptions;
import org.strand.storage.dataset.DatasetStorage;

/**
 * A writer meant to be killed: in a child JVM, writes many chunks of one key slowly, printing
 * {@code wrote <i>} after each, and would commit at the end. Arguments: root URI, kind
 * ({@code chunks}, {@code parquet} or {@code arrow}), replace ({@code true}/{@code false}),
 * seed.
 */
public final class SlowWriterMain {
  public static final Lineage LINEAGE = TestData.lineage("things", "1");
  public static final DataKey KEY = new DataKey("000001", "things", LINEAGE.hash());

  private SlowWriterMain() {}

  public static List<Chunk> chunks(long seed) {
    int[] rows = new int[40];
    java.util.Arrays.fill(rows, 500);
    return TestData.chunks(TestData.ALL_TYPES, "000001", "things", rows, 1_000_000, seed);
  }

  public static Storage open(String root, String kind, boolean replace) {
    Path p = new Path(root);
    Configuration conf = new Configuration();
    return switch (kind) {
      case "chunks" -> ChunkStore.open(p, conf, ChunkStoreOptions.defaults().withReplaceExisting(replace));
      case "parquet" -> DatasetStorage.open(p, conf, DatasetOptions.builder(DatasetFormat.PARQUET).replaceExisting(replace).fileBytes(50_000).build());
      case "arrow" -> DatasetStorage.open(p, conf, DatasetOptions.builder(DatasetFormat.ARROW).replaceExisting(replace).fileBytes(50_000).build());
      default -> throw new IllegalArgumentException("unknown kind " + kind);
    };
  }

  public static void main(String[] args) throws InterruptedException {
    Storage storage = open(args[0], args[1], Boolean.parseBoolean(args[2]));
    List<Chunk> chunks = chunks(Long.parseLong(args[3]));
    DataWriter w = storage.writer(KEY, TestData.ALL_TYPES, LINEAGE);
    for (int i = 0; i < chunks.size(); i++) {
      w.write(i, chunks.get(i));
      System.out.println("wrote " + i);
      System.out.flush();
      Thread.sleep(100);
    }
    w.commit();
    System.out.println("committed");
  }
}
