package org.strand.storage.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.strand.core.Chunk;
import org.strand.core.Table;
import org.strand.plugin.Lineage;
import org.strand.storage.DataKey;
import org.strand.storage.testing.TestData;

/** Arrow IPC datasets: strand's own reader, Arrow Java's, and pyarrow where the machine has it. */
class ArrowDatasetTest {
  @TempDir Path tmp;

  private static final Lineage LINEAGE = TestData.lineage("things", "1");
  private static final DataKey KEY = new DataKey("000042", "things", LINEAGE.hash());

  @ParameterizedTest
  @EnumSource(value = Compression.class, names = {"LZ4_FRAME", "ZSTD", "NONE"})
  void roundTrip_everyTypeEveryCodec_readsBackBitForBit(Compression compression) {
    DatasetStorage storage = DatasetTestSupport.open(tmp, DatasetOptions.builder(DatasetFormat.ARROW).compression(compression)
        .rowGroupBytes(20_000).fileBytes(50_000).build());
    List<Chunk> chunks = TestData.chunks(TestData.ALL_TYPES, "000042", "things", new int[] {300, 0, 1, 2500, 77}, 1_000_000, 1);
    DatasetTestSupport.write(storage, KEY, TestData.ALL_TYPES, LINEAGE, chunks);
    ManifestEntry e = storage.entry(KEY).orElseThrow();
    assertEquals(DatasetFormat.ARROW, e.format(), "the manifest records the format");
    assertTrue(e.files().stream().allMatch(f -> f.name().endsWith(".arrow")));
    DatasetTestSupport.assertReadsBack(storage.find(KEY).orElseThrow(), chunks);
  }

  @Test
  void arrowJava_readsTheFile_withDescriptionsAndFooterMetadata() throws IOException {
    DatasetStorage storage = DatasetTestSupport.open(tmp, DatasetOptions.defaults(DatasetFormat.ARROW));
    List<Chunk> chunks = TestData.chunks(TestData.RECORDS, "000042", "records", new int[] {100, 200}, 5_000_000, 2);
    Lineage lineage = TestData.lineage("records", "1");
    DatasetTestSupport.write(storage, new DataKey("000042", "records", lineage.hash()), TestData.RECORDS, lineage, chunks);
    Path file = tmp.resolve("records/lineage=" + lineage.hash() + "/run_id=000042/part-00000.arrow");
    Table expected = Chunk.concatenate(chunks).data();
    try (RootAllocator allocator = new RootAllocator();
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        ArrowFileReader reader = new ArrowFileReader(ch, allocator, CommonsCompressionFactory.INSTANCE)) {
      reader.getVectorSchemaRoot();
      assertEquals(lineage.toJson(), reader.getMetaData().get("strand.lineage"));
      assertEquals("Waveform data in raw ADC counts",
          reader.getVectorSchemaRoot().getSchema().findField("data").getMetadata().get("description"));
      int row = 0;
      for (ArrowBlock block : reader.getRecordBlocks()) {
        reader.loadRecordBatch(block);
        SmallIntVector channel = (SmallIntVector) reader.getVectorSchemaRoot().getVector("channel");
        FixedSizeListVector data = (FixedSizeListVector) reader.getVectorSchemaRoot().getVector("data");
        SmallIntVector samples = (SmallIntVector) data.getDataVector();
        for (int i = 0; i < channel.getValueCount(); i++, row++) {
          assertEquals(expected.shorts("channel")[row], channel.get(i));
          assertEquals(expected.shorts("data")[row * 110 + 109], samples.get(i * 110 + 109));
        }
      }
      assertEquals(300, row);
    }
  }

  /**
   * Waveforms are noise around a baseline, which LZ4 cannot shorten much. Arrow Java's own LZ4
   * codec took minutes per megabyte of such data (a run of records never finished); the file must
   * be written at LZ4's speed and still read by Arrow Java's own reader.
   */
  @Test
  void lz4Frame_noisyWaveforms_writtenInSeconds_readByArrowJavasOwnCodec() throws IOException {
    List<Chunk> chunks = TestData.chunks(TestData.RECORDS, "000042", "records", new int[] {12_000}, 5_000_000, 7);
    short[] samples = chunks.get(0).data().shorts("data");
    SplittableRandom noise = new SplittableRandom(7);
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (short) Math.round(noise.nextDouble(-1, 1) * noise.nextDouble(0, 6));
    }
    Lineage lineage = TestData.lineage("records", "1");
    DataKey key = new DataKey("000042", "records", lineage.hash());
    DatasetStorage storage = DatasetTestSupport.open(tmp, DatasetOptions.builder(DatasetFormat.ARROW).compression(Compression.LZ4_FRAME).build());
    // A guard against the hang, far above the fraction of a second this takes.
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> DatasetTestSupport.write(storage, key, TestData.RECORDS, lineage, chunks));
    DatasetTestSupport.assertReadsBack(storage.find(key).orElseThrow(), chunks);
    Path file = tmp.resolve("records/lineage=" + lineage.hash() + "/run_id=000042/part-00000.arrow");
    int row = 0;
    try (RootAllocator allocator = new RootAllocator();
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        ArrowFileReader reader = new ArrowFileReader(ch, allocator, CommonsCompressionFactory.INSTANCE)) {
      for (ArrowBlock block : reader.getRecordBlocks()) {
        reader.loadRecordBatch(block);
        FixedSizeListVector data = (FixedSizeListVector) reader.getVectorSchemaRoot().getVector("data");
        SmallIntVector values = (SmallIntVector) data.getDataVector();
        for (int i = 0; i < data.getValueCount(); i++, row++) {
          for (int j = 0; j < 110; j++) {
            assertEquals(samples[row * 110 + j], values.get(i * 110 + j), "row " + row + " sample " + j);
          }
        }
      }
    }
    assertEquals(12_000, row);
  }

  @Test
  void pyarrow_readsTheDataset_whereTheMachineHasIt() throws Exception {
    assumeTrue(pythonHasPyarrow(), "python3 with pyarrow is not available on this machine; skipping the pyarrow check");
    DatasetStorage storage = DatasetTestSupport.open(tmp, DatasetOptions.defaults(DatasetFormat.ARROW));
    List<Chunk> chunks = TestData.chunks(TestData.RECORDS, "000042", "records", new int[] {100, 200}, 5_000_000, 3);
    Lineage lineage = TestData.lineage("records", "1");
    DatasetTestSupport.write(storage, new DataKey("000042", "records", lineage.hash()), TestData.RECORDS, lineage, chunks);
    Table t = Chunk.concatenate(chunks).data();
    long sum = 0;
    for (int r = 0; r < t.rows(); r++) {
      sum += t.shorts("data")[r * 110 + 7];
    }
    String script = String.join("\n",
        "import sys, pyarrow.ipc as ipc, glob",
        "files = sorted(glob.glob(sys.argv[1] + '/records/lineage=*/run_id=000042/*.arrow'))",
        "t = ipc.open_file(files[0]).read_all()",
        "print(t.num_rows, sum(v[7] for v in t.column('data').to_pylist()), t.schema.field('data').type)");
    Process p = new ProcessBuilder("python3", "-c", script, tmp.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    assertEquals("300 " + sum + " fixed_size_list<item: int16 not null>[110]", out);
  }

  @Test
  void loserRepairsAMissingManifestEntry_fromTheArrowFooters() throws IOException {
    DatasetOptions options = DatasetOptions.builder(DatasetFormat.ARROW).fileBytes(20_000).build();
    DatasetStorage a = DatasetTestSupport.open(tmp, options.toBuilder().attemptId("attempt-a").build());
    List<Chunk> chunks = TestData.chunks(TestData.ALL_TYPES, "000042", "things", new int[] {300, 0, 1, 2500, 77}, 1_000_000, 4);
    DatasetTestSupport.write(a, KEY, TestData.ALL_TYPES, LINEAGE, chunks);
    ManifestEntry original = a.entry(KEY).orElseThrow();
    Files.delete(tmp.resolve("_strand/runs/things/" + LINEAGE.hash() + "/000042.json"));
    DatasetStorage b = DatasetTestSupport.open(tmp, options.toBuilder().attemptId("attempt-b").build());
    DatasetTestSupport.write(b, KEY, TestData.ALL_TYPES, LINEAGE, chunks);
    ManifestEntry repaired = b.entry(KEY).orElseThrow();
    assertEquals(original.chunks(), repaired.chunks());
    assertEquals(original.files(), repaired.files());
    assertEquals("attempt-a", repaired.attempt());
    DatasetTestSupport.assertReadsBack(b.find(KEY).orElseThrow(), chunks);
  }

  @Test
  void loserFindingATruncatedFileWithoutAnEntry_replacesItWithItsOwnCopy() throws IOException {
    DatasetOptions options = DatasetOptions.defaults(DatasetFormat.ARROW);
    DatasetStorage a = DatasetTestSupport.open(tmp, options.toBuilder().attemptId("attempt-a").build());
    List<Chunk> chunks = TestData.chunks(TestData.ALL_TYPES, "000042", "things", new int[] {300, 0, 1, 2500, 77}, 1_000_000, 6);
    DatasetTestSupport.write(a, KEY, TestData.ALL_TYPES, LINEAGE, chunks);
    Files.delete(tmp.resolve("_strand/runs/things/" + LINEAGE.hash() + "/000042.json"));
    Path part = tmp.resolve("things/lineage=" + LINEAGE.hash() + "/run_id=000042/part-00000.arrow");
    byte[] all = Files.readAllBytes(part);
    Files.write(part, Arrays.copyOf(all, all.length - 50));
    DatasetStorage b = DatasetTestSupport.open(tmp, options.toBuilder().attemptId("attempt-b").build());
    DatasetTestSupport.write(b, KEY, TestData.ALL_TYPES, LINEAGE, chunks);
    assertEquals("attempt-b", b.entry(KEY).orElseThrow().attempt());
    DatasetTestSupport.assertReadsBack(b.find(KEY).orElseThrow(), chunks);
    assertEquals(List.of(), b.verify(KEY));
  }

  static boolean pythonHasPyarrow() {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import pyarrow").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
