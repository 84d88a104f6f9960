package org.strand.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * strax's sort_by_time as {@link TimeOrder} does it, against a library stable sort by (time,
 * channel), in each regime the sort treats differently: nearly ordered rows on the 10 ns grid and
 * on another grid (counting passes), times off any grid and spread wide (merge sort of runs),
 * and many equal keys (stability).
 */
class TimeOrderPropertyTest {

  /** Rows of one regime: {@code time} and {@code channel} of {@code n} rows. */
  private static long[] times(SplittableRandom random, int n, int regime) {
    long[] time = new long[n];
    long t = random.nextLong(0, 1L << 40);
    for (int i = 0; i < n; i++) {
      switch (regime) {
        case 0 -> { // records' hits: on 10 ns, at most a record's length (1100 ns) out of order
          t += 10L * random.nextInt(0, 3);
          time[i] = t + 10L * random.nextInt(0, 110);
        }
        case 1 -> { // the same on a 4 ns grid
          t += 4L * random.nextInt(0, 3);
          time[i] = t + 4L * random.nextInt(0, 110);
        }
        case 2 -> time[i] = t + random.nextLong(0, 1L << 30); // off any grid, spread wide
        default -> time[i] = t + 10L * random.nextInt(0, 3); // few distinct times
      }
    }
    return time;
  }

  private static int[] expected(long[] time, short[] channel, int n) {
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    // Arrays.sort on objects is stable.
    Arrays.sort(idx, Comparator.<Integer>comparingLong(i -> time[i]).thenComparingInt(i -> channel[i]));
    return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
  }

  private static int[] orderOrIdentity(int[] order, int n) {
    return order != null ? order : java.util.stream.IntStream.range(0, n).toArray();
  }

  @Property(tries = 200)
  void of_andOfBlock_giveTheStableOrderByTimeThenChannel(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3000) int n,
      @ForAll @IntRange(min = 0, max = 3) int regime, @ForAll @IntRange(min = 1, max = 250) int channels) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] time = times(random, n, regime);
    short[] channel = new short[n];
    for (int i = 0; i < n; i++) {
      channel[i] = (short) random.nextInt(0, regime == 3 ? Math.min(channels, 3) : channels);
    }
    int[] want = expected(time, channel, n);

    assertArrayEquals(want, orderOrIdentity(TimeOrder.of(time, channel, n), n), "of, regime " + regime);
    assertArrayEquals(want, orderOrIdentity(TimeOrder.ofBlock(time, channel, n), n), "ofBlock, regime " + regime);
  }
}
