package org.strand.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.strand.core.Chunk;
import org.strand.core.ConfigurationException;
import org.strand.core.Table;
import org.strand.plugin.OptionValues;

class GeneratorTest {
  static GeneratedRun open(String runId, Map<String, ?> options) {
    RawRecordsGenerator g = new RawRecordsGenerator();
    return g.open(runId, OptionValues.resolve(g.name(), g.options(), new HashMap<>(options), null));
  }

  static final Map<String, Object> SMALL = Map.of("run_duration_s", 0.05, "chunk_size_mb", 0.5);

  @Test
  void sameRunSeedAndOptions_anyInstance_giveIdenticalBytes() {
    GeneratedRun a = open("000007", SMALL);
    GeneratedRun b = open("000007", SMALL);
    assertEquals(a.chunkCount(), b.chunkCount());
    assertTrue(a.chunkCount() > 1, "several chunks");
    for (int i = 0; i < a.chunkCount(); i++) {
      Chunk x = a.chunk(i);
      Chunk y = b.chunk(i);
      assertEquals(x.start(), y.start());
      assertEquals(x.end(), y.end());
      assertTrue(x.data().contentEquals(y.data()), "chunk " + i + " identical");
    }
  }

  /** A digest of every column of a table, for golden values. */
  static String digest(Table t) throws Exception {
    java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(t.schema().rowBytes() * t.rows()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int r = 0; r < t.rows(); r++) {
      for (int c = 0; c < t.schema().size(); c++) {
        org.strand.core.Field f = t.schema().field(c);
        for (int k = 0; k < f.width(); k++) {
          switch (f.type()) {
            case INT16 -> b.putShort((short) t.getLong(c, r * f.width() + k));
            case INT32 -> b.putInt((int) t.getLong(c, r * f.width() + k));
            case INT64 -> b.putLong(t.getLong(c, r * f.width() + k));
            default -> throw new IllegalStateException("raw records hold only integers");
          }
        }
      }
    }
    return java.util.HexFormat.of().formatHex(md.digest(b.array())).substring(0, 16);
  }

  /**
   * The bytes of a generated run are pinned: they must not change with the machine, the JDK or a
   * refactoring (a change here is a change of the generator's version).
   */
  @Test
  void generatedBytes_matchTheirGoldenDigest() throws Exception {
    GeneratedRun run = open("000001", Map.of("run_duration_s", 0.02, "chunk_size_mb", 0.5));
    assertEquals(GOLDEN_DIGEST, digest(run.chunk(0).data()) + "/" + run.info().rawBytes());
  }

  static final String GOLDEN_DIGEST = "2ca8136c52372094/207644";

  @Test
  void otherSeedOrRunId_giveOtherData() {
    Table base = open("000007", SMALL).chunk(0).data();
    Map<String, Object> seeded = new HashMap<>(SMALL);
    seeded.put("generator_seed", 99L);
    assertFalse(base.contentEquals(open("000007", seeded).chunk(0).data()));
    assertFalse(base.contentEquals(open("000008", SMALL).chunk(0).data()));
  }

  @Test
  void declaredSize_beforeGenerating_equalsWhatIsProduced() {
    GeneratedRun run = open("000003", SMALL);
    long bytes = 0;
    for (int i = 0; i < run.chunkCount(); i++) {
      Chunk c = run.chunk(i);
      assertEquals(run.chunkRecords(i), c.rows(), "records of chunk " + i);
      bytes += c.nbytes();
    }
    assertEquals(run.info().rawBytes(), bytes);
  }

  @Test
  void chunks_coverTheRunContiguously_andStartJustAfterOneSecond() {
    GeneratedRun run = open("000003", SMALL);
    long at = run.info().start();
    assertTrue(at > 1_000_000_000L && at < 1_001_000_000L, "start " + at);
    for (int i = 0; i < run.chunkCount(); i++) {
      Chunk c = run.chunk(i);
      assertEquals(at, c.start(), "chunk " + i + " starts where the previous ended");
      at = c.end();
    }
    assertEquals(run.info().end(), at);
    assertEquals(50_000_000L, run.info().end() - run.info().start());
  }

  @Test
  void chunks_madeInParallelInAnyOrder_equalSequential() throws Exception {
    GeneratedRun run = open("000004", SMALL);
    List<Table> sequential = new ArrayList<>();
    for (int i = 0; i < run.chunkCount(); i++) {
      sequential.add(run.chunk(i).data());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Table>> futures = new ArrayList<>();
      for (int i = run.chunkCount() - 1; i >= 0; i--) {
        int index = i;
        futures.add(pool.submit(() -> run.chunk(index).data()));
      }
      for (int k = 0; k < futures.size(); k++) {
        int index = run.chunkCount() - 1 - k;
        assertTrue(futures.get(k).get(60, TimeUnit.SECONDS).contentEquals(sequential.get(index)), "chunk " + index);
      }
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void records_areSortedAndPulsesAreWholeInOneChunkAndNeverOverlapInAChannel() {
    GeneratedRun run = open("000005", Map.of("run_duration_s", 0.05, "chunk_size_mb", 0.3, "event_rate_hz", 300.0));
    for (int i = 0; i < run.chunkCount(); i++) {
      Table t = run.chunk(i).data();
      long[] time = t.longs("time");
      short[] channel = t.shorts("channel");
      int[] length = t.ints("length");
      int[] pulseLength = t.ints("pulse_length");
      short[] recordI = t.shorts("record_i");
      assertTrue(TimeOrder.isSorted(time, channel, t.rows()), "chunk " + i + " ordered by (time, channel)");
      Map<Integer, long[]> lastInChannel = new HashMap<>();
      for (int r = 0; r < t.rows(); r++) {
        long[] last = lastInChannel.get((int) channel[r]);
        if (recordI[r] == 0) {
          assertTrue(last == null || last[1] == 0, "previous pulse of channel " + channel[r] + " complete at " + time[r]);
          assertTrue(last == null || time[r] >= last[0], "pulses of channel " + channel[r] + " do not overlap at " + time[r]);
          int fragments = (pulseLength[r] + 109) / 110;
          last = new long[] {time[r] + 10L * pulseLength[r], fragments - 1, time[r]};
          lastInChannel.put((int) channel[r], last);
        } else {
          assertTrue(last != null && last[1] > 0, "fragment " + recordI[r] + " follows its pulse's first in the same chunk");
          assertEquals(last[2] + 1100L * recordI[r], time[r], "fragment time");
          last[1]--;
        }
        int expectedLength = Math.min(110, pulseLength[r] - 110 * recordI[r]);
        assertEquals(expectedLength, length[r], "record length");
      }
      for (var e : lastInChannel.entrySet()) {
        assertEquals(0, e.getValue()[1], "last pulse of channel " + e.getKey() + " ends in chunk " + i);
      }
    }
  }

  @Test
  void waveforms_lookLikeTheReferenceData() {
    GeneratedRun run = open("000001", Map.of("run_duration_s", 0.1, "event_rate_hz", 0.0));
    Table t = run.chunk(0).data();
    short[] data = t.shorts("data");
    int[] length = t.ints("length");
    double sumSd = 0;
    int n = t.rows();
    for (int r = 0; r < n; r++) {
      assertTrue(length[r] >= 85 && length[r] < 110, "lone pulse length " + length[r]);
      double mean = 0;
      for (int k = 0; k < 40; k++) {
        mean += data[r * 110 + k];
      }
      mean /= 40;
      assertTrue(mean > 15975 && mean < 16025, "baseline " + mean);
      double ss = 0;
      for (int k = 0; k < 40; k++) {
        ss += (data[r * 110 + k] - mean) * (data[r * 110 + k] - mean);
      }
      sumSd += Math.sqrt(ss / 40);
      for (int k = length[r]; k < 110; k++) {
        assertEquals(0, data[r * 110 + k], "zero padding");
      }
    }
    double sd = sumSd / n;
    assertTrue(sd > 1.7 && sd < 2.3, "noise " + sd);
    double expected = 160 * 250 * 0.1;
    assertEquals(expected, n, 5 * Math.sqrt(expected), "lone pulses at the dark rate");
  }

  @Test
  void runSize_setsTheDurationToAboutThatSize() {
    GeneratedRun run = open("000001", Map.of("run_size_mb", 20.0, "chunk_size_mb", 5.0));
    double mb = run.info().rawBytes() / 1e6;
    assertEquals(20.0, mb, 2.0, "size of a 20 MB run");
    assertEquals(4, run.chunkCount(), 1);
  }

  @Test
  void events_haveDriftsInRangeAndComeAtTheRate() {
    GeneratedRun run = open("000011", Map.of("run_duration_s", 1.0));
    List<GeneratedEvent> events = run.events();
    assertEquals(100, events.size(), 35, "events in 1 s at 100 Hz");
    long previous = Long.MIN_VALUE;
    for (GeneratedEvent e : events) {
      assertTrue(e.driftTime() >= 5_000 && e.driftTime() <= 1_000_000, "drift " + e.driftTime());
      assertEquals(e.s1Time() + e.driftTime(), e.s2Time());
      assertTrue(e.s1Time() >= previous, "events in time order");
      assertTrue(e.s2Photoelectrons() > 3000 && e.s1Photoelectrons() > 50, e.toString());
      previous = e.s1Time();
    }
  }

  @Test
  void layout_isChosenWithoutGeneratingAndMatchesChunkRanges() {
    GeneratedRun run = open("000001", SMALL);
    for (int i = 0; i < run.chunkCount(); i++) {
      Chunk c = run.chunk(i);
      assertArrayEquals(new long[] {c.start(), c.end()}, run.chunkRange(i));
    }
  }

  @Test
  void runSize_withNothingToGenerate_isAConfigurationError() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> open("000001", Map.of("run_size_mb", 10.0, "event_rate_hz", 0.0, "dark_rate_hz", 0.0)));
    assertTrue(e.getMessage().contains("run_size_mb"), e.getMessage());
  }

  @Test
  void differentChunkSizes_giveDifferentChunkingOfTheSameKindOfRun() {
    GeneratedRun a = open("000001", Map.of("run_duration_s", 0.05, "chunk_size_mb", 0.5));
    GeneratedRun b = open("000001", Map.of("run_duration_s", 0.05, "chunk_size_mb", 0.25));
    assertNotEquals(a.chunkCount(), b.chunkCount());
    assertEquals(a.info().end(), b.info().end());
  }
}
