package org.strand.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.strand.core.Table;

class HitListTest {
  /** Hits with the given (time, channel) pairs; every other field derived from the row index. */
  private static Table hits(long[] time, short[] channel) {
    Table t = Table.allocate(ChainSchemas.HITS, time.length);
    for (int i = 0; i < time.length; i++) {
      t.longs("time")[i] = time[i];
      t.shorts("channel")[i] = channel[i];
      t.ints("length")[i] = 10 + i;
      t.shorts("dt")[i] = 10;
      t.floats("area")[i] = 100 + i;
      t.shorts("left")[i] = (short) i;
      t.shorts("right")[i] = (short) (i + 10);
      t.shorts("left_integration")[i] = (short) (i + 20);
      t.shorts("right_integration")[i] = (short) (i + 30);
      t.ints("record_i")[i] = 1000 + i;
      t.floats("threshold")[i] = 15;
      t.floats("height")[i] = 50 + i;
      t.longs("max_time")[i] = time[i] + i;
    }
    return t;
  }

  @Test
  void sortedByTime_ordersByTimeThenChannel_stably_carryingEveryField() {
    // Rows 1 and 4 tie on (time, channel): their input order is kept.
    Table t = hits(new long[] {30, 10, 10, 20, 10}, new short[] {2, 5, 1, 0, 5});
    PulseProcessing.HitList sorted = PulseProcessing.HitList.of(t).sortedByTime();
    int[] expectedRows = {2, 1, 4, 3, 0};
    assertArrayEquals(new long[] {10, 10, 10, 20, 30}, Arrays.copyOf(sorted.time, sorted.size));
    assertArrayEquals(new short[] {1, 5, 5, 0, 2}, Arrays.copyOf(sorted.channel, sorted.size));
    for (int k = 0; k < expectedRows.length; k++) {
      int i = expectedRows[k];
      assertArrayEquals(
          new float[] {10 + i, 100 + i, i, i + 10, i + 20, i + 30, 1000 + i, 15, 50 + i, 10, t.longs("max_time")[i]},
          new float[] {sorted.length[k], sorted.area[k], sorted.left[k], sorted.right[k], sorted.leftIntegration[k],
              sorted.rightIntegration[k], sorted.recordI[k], sorted.threshold[k], sorted.height[k], sorted.dt[k], sorted.maxTime[k]},
          "row " + k + " should be input row " + i);
    }
  }

  @Test
  void sortedByTime_alreadyInOrder_sharesTheHits() {
    PulseProcessing.HitList h = PulseProcessing.HitList.of(hits(new long[] {10, 10, 20}, new short[] {0, 3, 1}));
    assertSame(h, h.sortedByTime());
  }
}
