package org.strand.spark.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.spark.sql.sources.And;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.GreaterThanOrEqual;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.sources.IsNotNull;
import org.apache.spark.sql.sources.LessThan;
import org.apache.spark.sql.sources.LessThanOrEqual;
import org.apache.spark.sql.sources.Not;
import org.apache.spark.sql.sources.Or;
import org.apache.spark.sql.sources.StringStartsWith;
import org.junit.jupiter.api.Test;
import org.strand.core.FieldType;
import org.strand.core.Schema;

/**
 * Pruning never skips a chunk holding a row that passes the filters (checked against a
 * brute-force evaluation of the filters on random rows), and does skip what it can.
 */
class ChunkPruningTest {
  private static final Schema SCHEMA = Schema.builder()
      .scalar("time", FieldType.INT64, "")
      .scalar("endtime", FieldType.INT64, "")
      .scalar("channel", FieldType.INT16, "")
      .build();
  private static final String[] RUNS = {"000001", "000002", "000103"};
  private static final String[] LINEAGES = {"abcdefabcdef", "abcxyzabcxyz", "zzzzzzzzzzzz"};

  @Property(tries = 2000)
  void skippedChunks_holdNoPassingRow(@ForAll long seed) {
    Random r = new Random(seed);
    long start = r.nextInt(100);
    long end = start + r.nextInt(100);
    String run = RUNS[r.nextInt(RUNS.length)];
    String lineage = LINEAGES[r.nextInt(LINEAGES.length)];
    Filter[] filters = new Filter[1 + r.nextInt(3)];
    for (int i = 0; i < filters.length; i++) {
      filters[i] = randomFilter(r, 2);
    }
    ChunkPruning p = ChunkPruning.of(filters, SCHEMA, true);
    boolean keptRun = p.keepsRun(run, lineage);
    boolean keptChunk = p.keepsChunk(run, lineage, start, end);
    for (int k = 0; k < 50; k++) {
      long time = start + (end == start ? 0 : r.nextInt((int) (end - start + 1)));
      long endtime = time + (end == time ? 0 : r.nextInt((int) (end - time + 1)));
      boolean passes = true;
      for (Filter f : filters) {
        passes &= eval(f, run, lineage, time, endtime);
      }
      if (passes) {
        assertTrue(keptRun && keptChunk, "a row (time " + time + ", endtime " + endtime + ") of [" + start + ", " + end
            + ") in run " + run + " (" + lineage + ") passes " + List.of(filters) + " but the chunk was skipped");
      }
    }
  }

  @Test
  void exampleFilters_skipWhatTheyCan() {
    ChunkPruning p = ChunkPruning.of(new Filter[] {new EqualTo("run_id", "000002"), new GreaterThanOrEqual("time", 50L)}, SCHEMA, false);
    assertFalse(p.keepsRun("000001", "l"));
    assertTrue(p.keepsRun("000002", "l"));
    assertFalse(p.keepsChunk("000002", "l", 0, 49), "every time is <= 49");
    assertTrue(p.keepsChunk("000002", "l", 0, 50), "a zero-length row may start at the end");
    assertTrue(p.keepsChunk("000002", "l", 60, 70));
    ChunkPruning or = ChunkPruning.of(new Filter[] {new Or(new LessThan("endtime", 10L), new In("run_id", new Object[] {"000103"}))},
        SCHEMA, false);
    assertFalse(or.keepsChunk("000001", "l", 10, 20));
    assertTrue(or.keepsChunk("000103", "l", 10, 20));
    assertTrue(or.keepsChunk("000001", "l", 5, 20));
  }

  @Test
  void lineageFilters_skipRunsOfOtherLineages_whereRowsCarryTheLineage() {
    Filter one = new EqualTo("lineage", LINEAGES[0]);
    ChunkPruning p = ChunkPruning.of(new Filter[] {one}, SCHEMA, true);
    assertEquals(List.of(one), p.used());
    assertTrue(p.keepsRun("000001", LINEAGES[0]));
    assertFalse(p.keepsRun("000001", LINEAGES[1]));
    assertFalse(ChunkPruning.needsRowCheck(one), "every row of the run has its lineage");
    ChunkPruning prefix = ChunkPruning.of(new Filter[] {new StringStartsWith("lineage", "abc")}, SCHEMA, true);
    assertTrue(prefix.keepsRun("000001", LINEAGES[1]));
    assertFalse(prefix.keepsRun("000001", LINEAGES[2]));
    assertEquals(List.of(), ChunkPruning.of(new Filter[] {one}, SCHEMA, false).used(), "no lineage column: Spark filters");
  }

  @Test
  void unusableFilters_areNotClaimed_andOnlyRunAndLineageFiltersSkipTheRowCheck() {
    Filter onChannel = new GreaterThan("channel", (short) 3);
    Filter notRun = new Not(new EqualTo("run_id", "000001"));
    Filter timeAsDouble = new LessThan("time", 3.5);
    assertEquals(List.of(), ChunkPruning.of(new Filter[] {onChannel, notRun, timeAsDouble}, SCHEMA, true).used());
    assertFalse(ChunkPruning.needsRowCheck(new EqualTo("run_id", "000001")));
    assertTrue(ChunkPruning.needsRowCheck(new LessThan("time", 3L)));
    Schema noEndtime = Schema.builder().scalar("time", FieldType.INT64, "").scalar("length", FieldType.INT32, "")
        .scalar("dt", FieldType.INT16, "").build();
    assertEquals(List.of(), ChunkPruning.of(new Filter[] {new LessThan("endtime", 3L)}, noEndtime, true).used());
  }

  private static Filter randomFilter(Random r, int depth) {
    int kind = r.nextInt(depth > 0 ? 15 : 13);
    long v = r.nextInt(220) - 10;
    String col = r.nextBoolean() ? "time" : "endtime";
    return switch (kind) {
      case 0 -> new GreaterThan(col, v);
      case 1 -> new GreaterThanOrEqual(col, v);
      case 2 -> new LessThan(col, v);
      case 3 -> new LessThanOrEqual(col, v);
      case 4 -> new EqualTo(col, v);
      case 5 -> new EqualTo("run_id", RUNS[r.nextInt(RUNS.length)]);
      case 6 -> new In("run_id", new Object[] {RUNS[r.nextInt(RUNS.length)], RUNS[r.nextInt(RUNS.length)]});
      case 7 -> new StringStartsWith("run_id", r.nextBoolean() ? "0000" : "0001");
      case 8 -> new IsNotNull("channel");
      case 9 -> new Not(new LessThan(col, v));
      case 10 -> new EqualTo("lineage", LINEAGES[r.nextInt(LINEAGES.length)]);
      case 11 -> new In("lineage", new Object[] {LINEAGES[r.nextInt(LINEAGES.length)], LINEAGES[r.nextInt(LINEAGES.length)]});
      case 12 -> new StringStartsWith("lineage", r.nextBoolean() ? "abc" : "abcx");
      case 13 -> new And(randomFilter(r, depth - 1), randomFilter(r, depth - 1));
      default -> new Or(randomFilter(r, depth - 1), randomFilter(r, depth - 1));
    };
  }

  /** The filter on one row, by its definition. */
  private static boolean eval(Filter f, String run, String lineage, long time, long endtime) {
    if (f instanceof And a) {
      return eval(a.left(), run, lineage, time, endtime) && eval(a.right(), run, lineage, time, endtime);
    }
    if (f instanceof Or o) {
      return eval(o.left(), run, lineage, time, endtime) || eval(o.right(), run, lineage, time, endtime);
    }
    if (f instanceof Not n) {
      return !eval(n.child(), run, lineage, time, endtime);
    }
    if (f instanceof IsNotNull) {
      return true;
    }
    if (f instanceof In in) {
      return List.of(in.values()).contains(in.attribute().equals("run_id") ? run : lineage);
    }
    if (f instanceof StringStartsWith s) {
      return (s.attribute().equals("run_id") ? run : lineage).startsWith(s.value());
    }
    if (f instanceof EqualTo e && e.value() instanceof String) {
      return (e.attribute().equals("run_id") ? run : lineage).equals(e.value());
    }
    String col;
    long v;
    if (f instanceof GreaterThan g) {
      col = g.attribute();
      v = (Long) g.value();
    } else if (f instanceof GreaterThanOrEqual g) {
      col = g.attribute();
      v = (Long) g.value();
    } else if (f instanceof LessThan l) {
      col = l.attribute();
      v = (Long) l.value();
    } else if (f instanceof LessThanOrEqual l) {
      col = l.attribute();
      v = (Long) l.value();
    } else {
      EqualTo e = (EqualTo) f;
      col = e.attribute();
      v = (Long) e.value();
    }
    long x = col.equals("time") ? time : endtime;
    if (f instanceof GreaterThan) {
      return x > v;
    } else if (f instanceof GreaterThanOrEqual) {
      return x >= v;
    } else if (f instanceof LessThan) {
      return x < v;
    } else if (f instanceof LessThanOrEqual) {
      return x <= v;
    }
    return x == v;
  }
}
