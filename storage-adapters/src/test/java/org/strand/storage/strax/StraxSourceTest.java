package org.strand.storage.strax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.strand.core.Chunk;
import org.strand.core.Field;
import org.strand.core.Schema;
import org.strand.core.Table;
import org.strand.plugin.Lineage;
import org.strand.plugin.OptionValues;
import org.strand.plugin.SourceRun;
import org.strand.storage.testing.SharedData;

/** Reading strax-small, written by strax itself with each of its compressors. */
class StraxSourceTest {
  private static final long[][] CHUNKS = {
    {1000019440L, 1053860650L, 5516},
    {1053860650L, 1088098130L, 4591},
    {1088098130L, 1119983000L, 4604},
  };

  static StraxSource source(Path dir) {
    return StraxSource.builder(new org.apache.hadoop.fs.Path(dir.toUri()), new Configuration()).build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"strax_data", "strax_data_zstd", "strax_data_blosc"})
  void rawRecords_everyCompressor_everyValueEqualsTheNpyFile(String dirName) throws Exception {
    Path dir = SharedData.reference("strax-small/" + dirName);
    Npy expected = Npy.read(SharedData.reference("strax-small/expected/raw_records.npy"));
    StraxSource source = source(dir);
    try (SourceRun run = source.open("000001", OptionValues.defaults(source.name(), source.options()))) {
      assertEquals(CHUNKS.length, run.chunkCount());
      List<Chunk> chunks = new ArrayList<>();
      for (int i = 0; i < run.chunkCount(); i++) {
        Chunk c = run.chunk(i);
        assertEquals(CHUNKS[i][0], c.start(), "start of chunk " + i);
        assertEquals(CHUNKS[i][1], c.end(), "end of chunk " + i);
        assertEquals(CHUNKS[i][2], c.rows(), "rows of chunk " + i);
        chunks.add(c);
      }
      Chunk all = Chunk.concatenate(chunks);
      assertEquals(expected.rows(), all.rows());
      assertEquals(NumpyDtype.parse(expected.descr()).schema(), all.schema(), "schema with descriptions from the titles");
      assertArrayEquals(expected.payload(), pack(all.data()), "every byte of every row");
      assertEquals(expected.payload().length, run.info().rawBytes());
      assertEquals(CHUNKS[0][0], run.info().start());
      assertEquals(CHUNKS[2][1], run.info().end());
    }
  }

  @Test
  void externalLineage_keepsStraxHashAndPlugin() {
    StraxSource source = source(SharedData.reference("strax-small/strax_data"));
    try (SourceRun run = source.open("000001", OptionValues.defaults(source.name(), source.options()))) {
      Lineage l = run.externalLineage().orElseThrow();
      assertEquals("aefc63wawj", l.hash());
      assertEquals("strax", l.origin());
      assertEquals("raw_records", l.type());
      assertEquals("Emit_raw_records", l.plugin());
      assertEquals("0.0.0", l.version());
    }
  }

  @Test
  void schema_titlesBecomeDescriptions_subArraysBecomeArrays() {
    StraxSource source = source(SharedData.reference("strax-small/strax_data"));
    Schema s = source.schema("raw_records");
    assertEquals("Start time since unix epoch [ns]", s.field("time").description());
    Field data = s.field("data");
    assertEquals(110, data.length());
    assertEquals(Schema.TimeLayout.LENGTH_DT, s.timeLayout());
  }

  @Test
  void chunks_readConcurrently_equalSequentialReads() throws Exception {
    StraxSource source = source(SharedData.reference("strax-small/strax_data_blosc"));
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try (SourceRun run = source.open("000001", OptionValues.defaults(source.name(), source.options()))) {
      List<Future<Chunk>> futures = new ArrayList<>();
      for (int round = 0; round < 4; round++) {
        for (int i = run.chunkCount() - 1; i >= 0; i--) {
          int index = i;
          futures.add(pool.submit(() -> run.chunk(index)));
        }
      }
      for (Future<Chunk> f : futures) {
        Chunk c = f.get(60, TimeUnit.SECONDS);
        int index = c.start() == CHUNKS[0][0] ? 0 : c.start() == CHUNKS[1][0] ? 1 : 2;
        assertTrue(c.data().contentEquals(run.chunk(index).data()), "chunk " + index);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Packs rows back into NumPy's layout, little-endian, field after field: the oracle's form. */
  static byte[] pack(Table t) {
    Schema s = t.schema();
    ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(t.nbytes())).order(ByteOrder.LITTLE_ENDIAN);
    for (int r = 0; r < t.rows(); r++) {
      for (int f = 0; f < s.size(); f++) {
        Field field = s.field(f);
        Object col = t.column(f);
        for (int k = 0; k < field.width(); k++) {
          int i = r * field.width() + k;
          switch (field.type()) {
            case BOOL -> out.put((byte) (((boolean[]) col)[i] ? 1 : 0));
            case INT8 -> out.put(((byte[]) col)[i]);
            case INT16 -> out.putShort(((short[]) col)[i]);
            case INT32 -> out.putInt(((int[]) col)[i]);
            case INT64 -> out.putLong(((long[]) col)[i]);
            case FLOAT32 -> out.putFloat(((float[]) col)[i]);
            case FLOAT64 -> out.putDouble(((double[]) col)[i]);
          }
        }
      }
    }
    return out.array();
  }
}
