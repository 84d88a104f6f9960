package org.strand.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.strand.core.Chunk;
import org.strand.core.Table;

/** Records and hits on random waveforms, against brute-force oracles. */
class HitFindingPropertyTest {

  /** Random raw records: pulses of random lengths on a few channels, noise and spikes. */
  static Table randomRawRecords(long seed, int channels, int pulsesPerChannel) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<long[]> records = new ArrayList<>(); // time, channel, pulse length, record_i, data seed
    for (int ch = 0; ch < channels; ch++) {
      long t = 1_000_000_000L + 10L * rnd.nextInt(50);
      for (int p = 0; p < pulsesPerChannel; p++) {
        int length = 1 + rnd.nextInt(rnd.nextInt(4) == 0 ? 400 : 110);
        for (int j = 0; j * 110 < length; j++) {
          records.add(new long[] {t + 1100L * j, ch, length, j, rnd.nextLong()});
        }
        t += 10L * (length + 1 + rnd.nextInt(300));
      }
    }
    records.sort(Comparator.<long[]>comparingLong(r -> r[0]).thenComparingLong(r -> r[1]));
    Table t = Table.allocate(ChainSchemas.RAW_RECORDS, records.size());
    short[] data = t.shorts("data");
    for (int r = 0; r < records.size(); r++) {
      long[] rec = records.get(r);
      int length = (int) Math.min(110, rec[2] - 110 * rec[3]);
      t.longs("time")[r] = rec[0];
      t.ints("length")[r] = length;
      t.shorts("dt")[r] = 10;
      t.shorts("channel")[r] = (short) rec[1];
      t.ints("pulse_length")[r] = (int) rec[2];
      t.shorts("record_i")[r] = (short) rec[3];
      t.shorts("baseline")[r] = 16000;
      SplittableRandom d = new SplittableRandom(rec[4]);
      int baseline = 15000 + (int) (rec[1] * 37 % 1000);
      for (int k = 0; k < length; k++) {
        int spike = d.nextInt(8) == 0 ? d.nextInt(60) : 0;
        data[r * 110 + k] = (short) (baseline + d.nextInt(7) - 3 - spike);
      }
    }
    return t;
  }

  static Table records(Table raw) {
    Chunk c = Chunk.of("000001", "raw_records", raw.longs("time")[0], raw.endtimes()[raw.rows() - 1] + 10_000, raw);
    return new ChainRunner().apply(new Records(), 0, Map.of("raw_records", c)).data();
  }

  /** One hit as the oracle sees it. */
  record OracleHit(long time, int channel, int record, int left, int right, float area, float height, long maxTime) {}

  static List<OracleHit> oracle(Table records, int threshold) {
    List<OracleHit> out = new ArrayList<>();
    short[] data = records.shorts("data");
    for (int r = 0; r < records.rows(); r++) {
      int length = records.ints("length")[r];
      double frac = records.floats("baseline")[r] - Math.floor(records.floats("baseline")[r]);
      int k = 0;
      while (k < length) {
        if (data[r * 110 + k] < threshold) {
          k++;
          continue;
        }
        int a = k;
        long sum = 0;
        int max = Integer.MIN_VALUE;
        int argmax = a;
        while (k < length && data[r * 110 + k] >= threshold) {
          int x = data[r * 110 + k];
          sum += x;
          if (x > max) {
            max = x;
            argmax = k;
          }
          k++;
        }
        long t = records.longs("time")[r];
        out.add(new OracleHit(t + 10L * a, records.shorts("channel")[r], r, a, k, (float) (sum + (k - a) * frac),
            (float) (max + frac), t + 10L * argmax));
      }
    }
    out.sort(Comparator.comparingLong(OracleHit::time).thenComparingInt(OracleHit::channel));
    return out;
  }

  @Property(tries = 60)
  void hits_equalBruteForce_andNeverCrossRecordBounds(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int channels,
      @ForAll @IntRange(min = 1, max = 40) int pulses, @ForAll @IntRange(min = 5, max = 40) int threshold) {
    Table records = records(randomRawRecords(seed, channels, pulses));
    Chunk recChunk = Chunk.of("000001", "records", records.longs("time")[0], records.endtimes()[records.rows() - 1] + 10_000, records);
    Table hits = new ChainRunner(Map.of("hit_min_amplitude", (long) threshold)).apply(new Hits(), 0, Map.of("records", recChunk)).data();
    List<OracleHit> expected = oracle(records, threshold);
    assertEquals(expected.size(), hits.rows(), "hit count");
    for (int h = 0; h < hits.rows(); h++) {
      OracleHit o = expected.get(h);
      int r = hits.ints("record_i")[h];
      int left = hits.shorts("left")[h];
      int right = hits.shorts("right")[h];
      assertTrue(0 <= left && left < right && right <= records.ints("length")[r], "hit " + h + " inside its record");
      assertEquals(records.longs("time")[r] + 10L * left, hits.longs("time")[h]);
      assertEquals(right - left, hits.ints("length")[h]);
      assertEquals(records.shorts("channel")[r], hits.shorts("channel")[h]);
      assertEquals(o, new OracleHit(hits.longs("time")[h], hits.shorts("channel")[h], r, left, right, hits.floats("area")[h],
          hits.floats("height")[h], hits.longs("max_time")[h]), "hit " + h);
    }
  }

  @Property(tries = 60)
  void integrationBounds_extendWithinLimits_andNeverOverlapInAChannel(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 12) int channels, @ForAll @IntRange(min = 1, max = 40) int pulses,
      @ForAll @IntRange(min = 0, max = 300) int leftNs, @ForAll @IntRange(min = 0, max = 600) int rightNs) {
    Table records = records(randomRawRecords(seed, channels, pulses));
    Chunk recChunk = Chunk.of("000001", "records", records.longs("time")[0], records.endtimes()[records.rows() - 1] + 10_000, records);
    Table hits = new ChainRunner(Map.of("left_extension", (long) leftNs, "right_extension", (long) rightNs))
        .apply(new Hits(), 0, Map.of("records", recChunk)).data();
    long[] lastEnd = new long[channels];
    java.util.Arrays.fill(lastEnd, Long.MIN_VALUE);
    for (int h = 0; h < hits.rows(); h++) {
      int r = hits.ints("record_i")[h];
      long t0 = records.longs("time")[r];
      long from = t0 + 10L * hits.shorts("left_integration")[h];
      long to = t0 + 10L * hits.shorts("right_integration")[h];
      long time = hits.longs("time")[h];
      long end = time + 10L * hits.ints("length")[h];
      assertTrue(from <= time && from >= time - leftNs - 9, "left bound of hit " + h);
      assertTrue(to >= end && to <= end + rightNs, "right bound of hit " + h);
      int ch = hits.shorts("channel")[h];
      assertTrue(from >= lastEnd[ch], "hit " + h + " integrates nothing its channel's previous hit did");
      lastEnd[ch] = to;
    }
  }

  @Property(tries = 40)
  void records_splitByChannelGroupsAndMerged_equalUnsplit(@ForAll long seed, @ForAll @IntRange(min = 2, max = 12) int channels,
      @ForAll @IntRange(min = 2, max = 4) int groups) {
    Table raw = randomRawRecords(seed, channels, 20);
    Table whole = records(raw);
    SplittableRandom rnd = new SplittableRandom(seed ^ 0x5A5A);
    int[] groupOf = new int[channels];
    for (int c = 0; c < channels; c++) {
      groupOf[c] = rnd.nextInt(groups);
    }
    List<Table> parts = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      List<Integer> rows = new ArrayList<>();
      for (int r = 0; r < raw.rows(); r++) {
        if (groupOf[raw.shorts("channel")[r]] == g) {
          rows.add(r);
        }
      }
      if (!rows.isEmpty()) {
        parts.add(records(raw.gather(rows.stream().mapToInt(Integer::intValue).toArray())));
      }
    }
    Table merged = Table.concat(ChainSchemas.RECORDS, parts);
    int[] order = TimeOrder.of(merged.longs("time"), merged.shorts("channel"), merged.rows());
    if (order != null) {
      merged = merged.gather(order);
    }
    assertTrue(whole.contentEquals(merged), "first difference at row " + whole.firstDifference(merged));
  }
}
