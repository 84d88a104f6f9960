package org.strand.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.strand.core.Chunk;
import org.strand.core.FieldType;
import org.strand.core.Schema;
import org.strand.core.Table;

/** Inputs chunked differently are cut to common time ranges without losing or cutting a row. */
class InputAlignmentPropertyTest {
  static final Schema S = Schema.builder().scalar("time", FieldType.INT64, "").scalar("length", FieldType.INT32, "")
      .scalar("dt", FieldType.INT16, "").build();
  static final long SPAN = 50_000;

  static Table rows(SplittableRandom rnd, int n) {
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      t[i] = rnd.nextLong(SPAN - 2_000);
    }
    Arrays.sort(t);
    Table table = Table.allocate(S, n);
    for (int i = 0; i < n; i++) {
      table.longs("time")[i] = t[i];
      table.ints("length")[i] = rnd.nextInt(200);
      table.shorts("dt")[i] = 10;
    }
    return table;
  }

  static ArrayDeque<Chunk> chunked(String type, Table t, SplittableRandom rnd, int cuts) {
    Chunk rest = Chunk.of("r", type, 0, SPAN, t);
    TreeSet<Long> at = new TreeSet<>();
    for (int i = 0; i < cuts; i++) {
      at.add(rest.safeSplitTime(rnd.nextLong(SPAN)));
    }
    ArrayDeque<Chunk> out = new ArrayDeque<>();
    for (long c : at) {
      Chunk.Split s = rest.split(c);
      out.add(s.before());
      rest = s.after();
    }
    out.add(rest);
    return out;
  }

  @Property(tries = 300)
  void aligned_setsShareRanges_areContiguous_andLoseNothing(@ForAll long seed,
      @ForAll @IntRange(min = 1, max = 4) int inputs, @ForAll @IntRange(min = 0, max = 40) int rows,
      @ForAll @IntRange(min = 0, max = 12) int cuts) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<String> types = new ArrayList<>();
    Map<String, Table> tables = new LinkedHashMap<>();
    Map<String, ArrayDeque<Chunk>> streams = new LinkedHashMap<>();
    for (int i = 0; i < inputs; i++) {
      String type = "in" + i;
      types.add(type);
      Table t = rows(rnd, rnd.nextInt(rows + 1));
      tables.put(type, t);
      streams.put(type, chunked(type, t, rnd, rnd.nextInt(cuts + 1)));
    }
    InputAligner aligner = new InputAligner("test", types, t -> streams.get(t).poll());
    Map<String, List<Chunk>> got = new LinkedHashMap<>();
    types.forEach(t -> got.put(t, new ArrayList<>()));
    long expectedStart = 0;
    Map<String, Chunk> set;
    while ((set = aligner.next()) != null) {
      long s = set.get(types.get(0)).start();
      long e = set.get(types.get(0)).end();
      assertEquals(expectedStart, s, "contiguous");
      for (String t : types) {
        assertEquals(s, set.get(t).start(), t);
        assertEquals(e, set.get(t).end(), t);
        got.get(t).add(set.get(t));
      }
      expectedStart = e;
    }
    assertEquals(SPAN, expectedStart, "covers the whole range");
    for (String t : types) {
      assertTrue(Chunk.concatenate(got.get(t)).data().contentEquals(tables.get(t)), t);
    }
  }
}
