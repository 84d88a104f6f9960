package org.strand.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RunSchedulerTest {
  static List<RunScheduler.SizedRun> runs(long... sizes) {
    List<RunScheduler.SizedRun> out = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      out.add(new RunScheduler.SizedRun(String.format("%06d", i), sizes[i]));
    }
    return out;
  }

  @Test
  void onePerPartition_largestFirst() {
    List<RunScheduler.Partition> p = RunScheduler.partition(runs(5, 50, 20, 50), 1);
    assertEquals(4, p.size());
    assertEquals(List.of("000001", "000003", "000002", "000000"), p.stream().map(x -> x.runs().get(0).runId()).toList());
  }

  @Test
  void packing_balancesBySize_andRespectsTheLimit() {
    List<RunScheduler.Partition> p = RunScheduler.partition(runs(10, 9, 8, 7, 6, 5, 4, 3, 2, 1), 5);
    assertEquals(2, p.size());
    assertEquals(28, p.get(0).bytes());
    assertEquals(27, p.get(1).bytes());
    assertTrue(p.stream().allMatch(x -> x.runs().size() <= 5));
  }

  @Test
  void badLimit_fails() {
    assertThrows(IllegalArgumentException.class, () -> RunScheduler.partition(runs(1), 0));
  }

  @Property(tries = 200)
  void everyRunOnce_limitKept_fewestPartitions(@ForAll @Size(max = 60) List<@IntRange(min = 0, max = 1000) Integer> sizes,
      @ForAll @IntRange(min = 1, max = 8) int limit) {
    long[] s = sizes.stream().mapToLong(Integer::longValue).toArray();
    List<RunScheduler.Partition> p = RunScheduler.partition(runs(s), limit);
    Set<String> seen = new HashSet<>();
    long total = 0;
    for (RunScheduler.Partition part : p) {
      assertTrue(part.runs().size() <= limit && !part.runs().isEmpty());
      long sum = 0;
      for (RunScheduler.SizedRun r : part.runs()) {
        assertTrue(seen.add(r.runId()));
        sum += r.bytes();
      }
      assertEquals(sum, part.bytes());
      total += sum;
    }
    assertEquals(sizes.size(), seen.size());
    assertEquals((sizes.size() + limit - 1) / limit, p.size());
    assertEquals(sizes.stream().mapToLong(Integer::longValue).sum(), total);
    for (int i = 1; i < p.size(); i++) {
      assertTrue(p.get(i - 1).bytes() >= p.get(i).bytes(), "largest partitions first");
    }
  }
}
