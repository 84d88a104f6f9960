package org.strand.storage.hdfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strand.core.Chunk;
import org.strand.plugin.Lineage;
import org.strand.storage.DataKey;
import org.strand.storage.DataWriter;
import org.strand.storage.Storage;
import org.strand.storage.StoredData;
import org.strand.storage.chunkstore.ChunkStore;
import org.strand.storage.chunkstore.ChunkStoreOptions;
import org.strand.storage.dataset.DatasetFormat;
import org.strand.storage.dataset.DatasetOptions;
import org.strand.storage.dataset.DatasetStorage;
import org.strand.storage.fs.PublishMode;
import org.strand.storage.fs.Publisher;
import org.strand.storage.testing.TestData;

/**
 * The chunk store and the datasets on a real HDFS (an in-JVM cluster): round trips, and two
 * attempts racing to publish one key, where HDFS's rename-into-an-existing-directory would nest
 * the loser's files inside the winner's if publishing relied on it. The same cluster is also
 * reached under a scheme strand does not know ({@code objstore://}), which it treats as an
 * object store's (s3a, gs, abfs): one file per (run, type), published file by file.
 */
class HdfsStorageTest {
  @TempDir static File base;
  private static MiniDFSCluster cluster;
  private static FileSystem fs;
  private static Configuration conf;

  private static final Lineage LINEAGE = TestData.lineage("things", "1");

  @BeforeAll
  static void startCluster() throws IOException {
    conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(base, "hdfs").getAbsolutePath());
    cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    cluster.waitActive();
    fs = cluster.getFileSystem();
    conf.set("fs.objstore.impl", OtherSchemeHdfs.class.getName());
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.shutdown();
    }
  }

  private static Path root(String name) {
    return new Path(fs.getUri().toString() + "/strand/" + name);
  }

  /** HDFS reached as {@code objstore://}: a file system whose scheme strand does not know. */
  public static final class OtherSchemeHdfs extends DistributedFileSystem {
    private URI uri;

    @Override
    public void initialize(URI name, Configuration c) throws IOException {
      uri = URI.create("objstore://" + name.getAuthority());
      super.initialize(URI.create("hdfs://" + name.getAuthority()), c);
    }

    @Override
    public URI getUri() {
      return uri;
    }

    @Override
    public String getScheme() {
      return "objstore";
    }
  }

  /** A root on the same cluster, under the scheme of no file system strand knows. */
  private static Path objectStoreRoot(String name) {
    return new Path("objstore://" + fs.getUri().getAuthority() + "/strand/" + name);
  }

  private static List<Chunk> chunks(String run, long seed) {
    return TestData.chunks(TestData.ALL_TYPES, run, "things", new int[] {200, 0, 1500, 30}, 1_000_000, seed);
  }

  private static void assertReadsBack(StoredData stored, List<Chunk> chunks) {
    assertEquals(chunks.size(), stored.chunkCount());
    for (int i = 0; i < chunks.size(); i++) {
      Chunk a = stored.read(i);
      assertTrue(chunks.get(i).data().contentEquals(a.data()), "chunk " + i);
      assertEquals(chunks.get(i).end(), a.end());
    }
  }

  @Test
  void publisher_onHdfs_refusesToNestIntoAnExistingDirectory() throws IOException {
    Publisher p = Publisher.forRoot(root("pitfall"), conf, PublishMode.AUTO);
    assertTrue(p.atomicDirectories());
    Path a = root("pitfall/staged-a");
    Path b = root("pitfall/staged-b");
    Path target = root("pitfall/data/run_id=000001");
    fs.mkdirs(a);
    fs.create(new Path(a, "part-00000"), false).close();
    fs.mkdirs(b);
    fs.create(new Path(b, "part-00000"), false).close();
    assertTrue(p.publishDirectory(a, target));
    assertFalse(p.publishDirectory(b, target), "the second publish loses instead of moving into the first");
    FileStatus[] inside = fs.listStatus(target);
    assertEquals(1, inside.length);
    assertEquals("part-00000", inside[0].getPath().getName());
  }

  @Test
  void publisher_onAnObjectStore_publishesSingleFiles_andKnowsDirectoriesAreNotAtomic() {
    Publisher p = Publisher.forRoot(objectStoreRoot("object-store-pub"), conf, PublishMode.AUTO);
    assertFalse(p.atomicDirectories());
    assertTrue(p.singleFile(), "one file per (run, type) by default on an object store");
    assertFalse(Publisher.forRoot(root("pub"), conf, PublishMode.AUTO).singleFile());
  }

  @Test
  void parquet_onAnObjectStore_roundTrips_andASecondAttemptLeavesTheFirstWhole() throws IOException {
    Path r = objectStoreRoot("object-store-parquet");
    twoAttemptsInTurn(attempt -> DatasetStorage.open(r, conf, DatasetOptions.builder(DatasetFormat.PARQUET).attemptId(attempt).build()), r,
        "run_id=000001", 1);
  }

  @Test
  void chunkStore_onAnObjectStore_roundTrips_andASecondAttemptLeavesTheFirstWhole() throws IOException {
    Path r = objectStoreRoot("object-store-chunks");
    // The key's chunk files and, last, its metadata.json (which makes it count as stored).
    twoAttemptsInTurn(attempt -> ChunkStore.open(r, conf, ChunkStoreOptions.defaults().withAttemptId(attempt)), r,
        "000001-things", chunks("000001", 11).size() + 1);
  }

  /**
   * Two attempts commit the same key one after the other (attempts racing cannot be shown here:
   * HDFS shows a file while it is written, an object store only once its upload completes): the
   * key reads back whole as one attempt's data, from the files of one commit only ({@code files}
   * of them, their paths holding {@code keyPart}), and staging ends empty.
   */
  private static void twoAttemptsInTurn(Function<String, Storage> open, Path root, String keyPart, int files)
      throws IOException {
    DataKey key = new DataKey("000001", "things", LINEAGE.hash());
    List<List<Chunk>> data = List.of(chunks("000001", 11), chunks("000001", 12));
    for (int a = 0; a < 2; a++) {
      DataWriter w = open.apply("attempt-" + a).writer(key, TestData.ALL_TYPES, LINEAGE);
      for (int i = 0; i < data.get(a).size(); i++) {
        w.write(i, data.get(a).get(i));
      }
      w.commit();
    }
    StoredData stored = open.apply("reader").find(key).orElseThrow();
    int winner = stored.read(0).data().contentEquals(data.get(0).get(0).data()) ? 0 : 1;
    assertReadsBack(stored, data.get(winner));
    FileSystem objectStore = root.getFileSystem(conf);
    List<String> all = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = objectStore.listFiles(root, true);
    while (it.hasNext()) {
      all.add(it.next().getPath().toString());
    }
    assertEquals(files, all.stream().filter(f -> f.contains(keyPart)).count(), "the files of one commit: " + all);
    assertTrue(all.stream().noneMatch(f -> f.contains("/_staging/")), "staging is empty: " + all);
  }

  @Test
  void chunkStore_onHdfs_roundTripsAndRaces() throws Exception {
    Path r = root("chunks");
    race(attempt -> ChunkStore.open(r, conf, ChunkStoreOptions.defaults().withAttemptId(attempt)), r);
  }

  @Test
  void parquet_onHdfs_roundTripsAndRaces() throws Exception {
    Path r = root("parquet");
    race(attempt -> DatasetStorage.open(r, conf, DatasetOptions.builder(DatasetFormat.PARQUET).attemptId(attempt).fileBytes(20_000).build()), r);
  }

  @Test
  void arrow_onHdfs_roundTrips() throws Exception {
    Path r = root("arrow");
    DatasetStorage s = DatasetStorage.open(r, conf, DatasetOptions.builder(DatasetFormat.ARROW).publishMode(PublishMode.DIRECTORY).build());
    DataKey key = new DataKey("000001", "things", LINEAGE.hash());
    List<Chunk> data = chunks("000001", 7);
    DataWriter w = s.writer(key, TestData.ALL_TYPES, LINEAGE);
    for (int i = 0; i < data.size(); i++) {
      w.write(i, data.get(i));
    }
    w.commit();
    assertReadsBack(s.find(key).orElseThrow(), data);
  }

  @Test
  void writersOfOneAttempt_savingAtOnce_shareTheLeaseSafely() throws Exception {
    Path r = root("shared-attempt");
    ChunkStore store = ChunkStore.open(r, conf, ChunkStoreOptions.defaults().withAttemptId("one-attempt"));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<DataKey>> futures = new ArrayList<>();
      for (int k = 0; k < 8; k++) {
        String run = String.format("%06d", 100 + k);
        futures.add(pool.submit(() -> {
          DataKey key = new DataKey(run, "things", LINEAGE.hash());
          List<Chunk> data = chunks(run, 300);
          DataWriter w = store.writer(key, TestData.ALL_TYPES, LINEAGE);
          for (int i = 0; i < data.size(); i++) {
            w.write(i, data.get(i));
          }
          w.commit();
          return key;
        }));
      }
      for (Future<DataKey> f : futures) {
        DataKey key = f.get(120, TimeUnit.SECONDS);
        assertReadsBack(store.find(key).orElseThrow(), chunks(key.runId(), 300));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Rounds of two attempts committing the same key at once: one wins whole, staging ends empty. */
  private static void race(Function<String, Storage> open, Path root) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 4; round++) {
        String run = String.format("%06d", round);
        DataKey key = new DataKey(run, "things", LINEAGE.hash());
        List<List<Chunk>> data = List.of(chunks(run, 100 + round), chunks(run, 200 + round));
        List<Storage> attempts = List.of(open.apply("attempt-0"), open.apply("attempt-1"));
        CyclicBarrier barrier = new CyclicBarrier(2);
        List<Future<?>> futures = new ArrayList<>();
        for (int a = 0; a < 2; a++) {
          int index = a;
          futures.add(pool.submit(() -> {
            DataWriter w = attempts.get(index).writer(key, TestData.ALL_TYPES, LINEAGE);
            for (int i = 0; i < data.get(index).size(); i++) {
              w.write(i, data.get(index).get(i));
            }
            barrier.await(60, TimeUnit.SECONDS);
            w.commit();
            return null;
          }));
        }
        for (Future<?> f : futures) {
          f.get(120, TimeUnit.SECONDS);
        }
        StoredData stored = attempts.get(0).find(key).orElseThrow();
        Chunk first = stored.read(0);
        int winner = first.data().contentEquals(data.get(0).get(0).data()) ? 0 : 1;
        assertReadsBack(stored, data.get(winner));
      }
      RemoteIterator<LocatedFileStatus> staged = fs.listFiles(new Path(root, "_staging"), true);
      List<String> left = new ArrayList<>();
      while (staged.hasNext()) {
        left.add(staged.next().getPath().toString());
      }
      assertEquals(List.of(), left, "staging is empty after every attempt finished");
    } finally {
      pool.shutdownNow();
    }
  }
}
