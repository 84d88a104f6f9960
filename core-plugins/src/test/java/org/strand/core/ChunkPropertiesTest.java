package org.strand.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class ChunkPropertiesTest {
  /** Random time-sorted intervals inside [0, span); dt = 10, lengths 0..maxLen samples. */
  static Table randomIntervals(long seed, int rows, long span, int maxLen) {
    SplittableRandom rnd = new SplittableRandom(seed);
    long[] times = new long[rows];
    for (int i = 0; i < rows; i++) {
      times[i] = rnd.nextLong(span - maxLen * 10L);
    }
    Arrays.sort(times);
    Table t = Table.allocate(ChunkTest.INTERVALS, rows);
    for (int i = 0; i < rows; i++) {
      t.longs("time")[i] = times[i];
      t.ints("length")[i] = rnd.nextInt(maxLen + 1);
      t.shorts("dt")[i] = 10;
      t.shorts("channel")[i] = (short) rnd.nextInt(100);
    }
    return t;
  }

  /** Brute force: a cut at c is safe when no row has time < c < endtime. */
  static boolean safe(Table t, long c) {
    long[] time = t.longs("time");
    long[] end = t.endtimes();
    for (int i = 0; i < t.rows(); i++) {
      if (time[i] < c && end[i] > c) {
        return false;
      }
    }
    return true;
  }

  @Property(tries = 200)
  void safeSplitTime_isTheLatestSafeTimeAtOrBefore(@ForAll long seed, @ForAll @IntRange(min = 0, max = 60) int rows,
      @ForAll @LongRange(min = 0, max = 10_000) long target) {
    Table t = randomIntervals(seed, rows, 10_000, 80);
    Chunk c = Chunk.of("r", "x", 0, 10_000, t);
    long got = c.safeSplitTime(target);
    assertTrue(got <= target && got >= 0, "in range");
    assertTrue(safe(t, got), "safe");
    for (long later = got + 1; later <= target; later++) {
      assertTrue(!safe(t, later), "no later safe time " + later);
    }
  }

  @Property(tries = 200)
  void splitThenConcatenate_givesBackTheChunk(@ForAll long seed, @ForAll @IntRange(min = 0, max = 80) int rows,
      @ForAll @IntRange(min = 0, max = 6) int nCuts) {
    Table t = randomIntervals(seed, rows, 20_000, 50);
    Chunk whole = Chunk.of("r", "x", 0, 20_000, t);
    SplittableRandom rnd = new SplittableRandom(seed ^ 0x5bd1e995L);
    TreeSet<Long> cuts = new TreeSet<>();
    for (int i = 0; i < nCuts; i++) {
      cuts.add(whole.safeSplitTime(rnd.nextLong(20_001)));
    }
    List<Chunk> parts = ChunkTest.cutAll(whole, cuts.stream().mapToLong(Long::longValue).toArray());
    int rowsSeen = 0;
    for (int i = 0; i < parts.size(); i++) {
      rowsSeen += parts.get(i).rows();
      if (i > 0) {
        assertEquals(parts.get(i - 1).end(), parts.get(i).start());
      }
    }
    assertEquals(rows, rowsSeen);
    Chunk back = Chunk.concatenate(parts);
    assertEquals(whole.start(), back.start());
    assertEquals(whole.end(), back.end());
    assertTrue(back.data().contentEquals(whole.data()));
  }

  @Property(tries = 100)
  void split_unsafeTime_alwaysFails_safeTime_neverFails(@ForAll long seed, @ForAll @IntRange(min = 1, max = 40) int rows,
      @ForAll @LongRange(min = 0, max = 5_000) long at) {
    Table t = randomIntervals(seed, rows, 5_000, 100);
    Chunk c = Chunk.of("r", "x", 0, 5_000, t);
    boolean ok;
    try {
      c.split(at);
      ok = true;
    } catch (InvalidDataException e) {
      ok = false;
    }
    assertEquals(safe(t, at), ok);
  }

  @Property(tries = 100)
  void tableSliceGatherConcat_agree(@ForAll long seed, @ForAll @IntRange(min = 0, max = 50) int rows) {
    Table t = randomIntervals(seed, rows, 10_000, 30);
    int mid = rows / 2;
    Table joined = Table.concat(t.schema(), List.of(t.slice(0, mid), t.slice(mid, rows)));
    assertTrue(joined.contentEquals(t));
    int[] all = new int[rows];
    for (int i = 0; i < rows; i++) {
      all[i] = i;
    }
    assertTrue(t.gather(all).contentEquals(t));
    assertEquals(-1, t.firstDifference(joined));
    List<Integer> reversed = new ArrayList<>();
    for (int i = rows - 1; i >= 0; i--) {
      reversed.add(i);
    }
    Table rev = t.gather(reversed.stream().mapToInt(Integer::intValue).toArray());
    for (int i = 0; i < rows; i++) {
      assertEquals(t.longs("time")[i], rev.longs("time")[rows - 1 - i]);
    }
  }
}
