package org.strand.spark.source;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.sources.And;
import org.apache.spark.sql.sources.EqualNullSafe;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.GreaterThanOrEqual;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.sources.LessThan;
import org.apache.spark.sql.sources.LessThanOrEqual;
import org.apache.spark.sql.sources.Or;
import org.apache.spark.sql.sources.StringStartsWith;
import org.strand.core.Schema;

/**
 * Which runs and chunks a scan can skip, from the filters Spark pushes down, using only
 * metadata: a run by its id or lineage, a chunk by its time range.
 *
 * <p>Every row of a chunk {@code [start, end)} has {@code start <= time <= endtime <= end}, so
 * a filter on {@code time} or {@code endtime} ({@code <, <=, >, >=, =} against a whole number)
 * rules a chunk out when no value in {@code [start, end]} can pass it; a filter on
 * {@code run_id} ({@code =}, {@code <=>}, {@code IN}, {@code LIKE 'x%'}) rules out whole runs, and
 * so does one on {@code lineage} where rows carry it (a dataset root's scan: a view that joins
 * several lineages' scans then reads only the lineage asked for).
 * {@code AND} and {@code OR} of such filters combine them. Anything else rules nothing out.
 *
 * <p>Pruning is conservative: a kept chunk may still hold rows that fail, so Spark evaluates
 * the time filters on the rows it reads. Filters on {@code run_id} or {@code lineage} alone are
 * exact (every row of a run has its id and lineage), so Spark need not evaluate them again.
 *
 * <p>Immutable.
 */
final class ChunkPruning {
  private final List<Filter> used;

  private ChunkPruning(List<Filter> used) {
    this.used = List.copyOf(used);
  }

  /** Nothing pushed: nothing skipped. */
  static ChunkPruning none() {
    return new ChunkPruning(List.of());
  }

  /**
   * The pruning that {@code filters} allow on data of {@code schema}, whose rows carry a
   * {@code lineage} column if {@code withLineage}.
   */
  static ChunkPruning of(Filter[] filters, Schema schema, boolean withLineage) {
    List<Filter> used = new ArrayList<>();
    for (Filter f : filters) {
      if (usable(f, schema, withLineage)) {
        used.add(f);
      }
    }
    return new ChunkPruning(used);
  }

  /** The filters used for pruning (what the plan shows as pushed). */
  List<Filter> used() {
    return used;
  }

  /** Whether Spark must still evaluate {@code f} on the rows read (not exact here). */
  static boolean needsRowCheck(Filter f) {
    return keyColumn(f) == null;
  }

  /** Whether run {@code runId}, its data of {@code lineage}, may hold rows passing every used filter. */
  boolean keepsRun(String runId, String lineage) {
    for (Filter f : used) {
      if (!mayMatch(f, runId, lineage, Long.MIN_VALUE, Long.MAX_VALUE)) {
        return false;
      }
    }
    return true;
  }

  /** Whether a chunk of {@code runId} ({@code lineage}) over {@code [start, end)} may hold rows passing them. */
  boolean keepsChunk(String runId, String lineage, long start, long end) {
    for (Filter f : used) {
      if (!mayMatch(f, runId, lineage, start, end)) {
        return false;
      }
    }
    return true;
  }

  private static boolean usable(Filter f, Schema schema, boolean withLineage) {
    if (f instanceof And a) {
      return usable(a.left(), schema, withLineage) && usable(a.right(), schema, withLineage);
    }
    if (f instanceof Or o) {
      return usable(o.left(), schema, withLineage) && usable(o.right(), schema, withLineage);
    }
    String key = keyColumn(f);
    if (key != null) {
      return key.equals(SparkSchemas.RUN_ID) || withLineage;
    }
    String column = timeColumn(f);
    return column != null && schema.has(column) && bound(f) != null;
  }

  /**
   * {@code run_id} or {@code lineage} if {@code f} tests one of them against strings
   * ({@code =}, {@code <=>}, {@code IN}, {@code LIKE 'x%'}), else null.
   */
  private static String keyColumn(Filter f) {
    String attribute;
    boolean strings;
    if (f instanceof EqualTo e) {
      attribute = e.attribute();
      strings = e.value() instanceof String;
    } else if (f instanceof EqualNullSafe e) {
      attribute = e.attribute();
      strings = e.value() instanceof String;
    } else if (f instanceof In in) {
      attribute = in.attribute();
      strings = Arrays.stream(in.values()).allMatch(v -> v instanceof String);
    } else if (f instanceof StringStartsWith s) {
      attribute = s.attribute();
      strings = true;
    } else {
      return null;
    }
    return strings && (attribute.equals(SparkSchemas.RUN_ID) || attribute.equals(SparkSchemas.LINEAGE)) ? attribute : null;
  }

  /** {@code time} or {@code endtime} if {@code f} compares one of them, else null. */
  private static String timeColumn(Filter f) {
    String a;
    if (f instanceof GreaterThan g) {
      a = g.attribute();
    } else if (f instanceof GreaterThanOrEqual g) {
      a = g.attribute();
    } else if (f instanceof LessThan l) {
      a = l.attribute();
    } else if (f instanceof LessThanOrEqual l) {
      a = l.attribute();
    } else if (f instanceof EqualTo e) {
      a = e.attribute();
    } else {
      return null;
    }
    return a.equals("time") || a.equals("endtime") ? a : null;
  }

  /** The whole-number value a time comparison compares with, or null. */
  private static Long bound(Filter f) {
    Object v;
    if (f instanceof GreaterThan g) {
      v = g.value();
    } else if (f instanceof GreaterThanOrEqual g) {
      v = g.value();
    } else if (f instanceof LessThan l) {
      v = l.value();
    } else if (f instanceof LessThanOrEqual l) {
      v = l.value();
    } else if (f instanceof EqualTo e) {
      v = e.value();
    } else {
      return null;
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    return null;
  }

  /** Whether rows of run {@code runId} ({@code lineage}) with times in {@code [start, end]} may pass {@code f}. */
  private static boolean mayMatch(Filter f, String runId, String lineage, long start, long end) {
    if (f instanceof And a) {
      return mayMatch(a.left(), runId, lineage, start, end) && mayMatch(a.right(), runId, lineage, start, end);
    }
    if (f instanceof Or o) {
      return mayMatch(o.left(), runId, lineage, start, end) || mayMatch(o.right(), runId, lineage, start, end);
    }
    String key = keyColumn(f);
    if (key != null) {
      String value = key.equals(SparkSchemas.RUN_ID) ? runId : lineage;
      if (f instanceof EqualTo e) {
        return value.equals(e.value());
      }
      if (f instanceof EqualNullSafe e) {
        return value.equals(e.value());
      }
      if (f instanceof In in) {
        return Arrays.asList(in.values()).contains(value);
      }
      return value.startsWith(((StringStartsWith) f).value());
    }
    Long v = bound(f);
    if (v == null || timeColumn(f) == null) {
      return true;
    }
    if (f instanceof GreaterThan) {
      return end > v;
    }
    if (f instanceof GreaterThanOrEqual) {
      return end >= v;
    }
    if (f instanceof LessThan) {
      return start < v;
    }
    if (f instanceof LessThanOrEqual) {
      return start <= v;
    }
    return start <= v && v <= end;
  }
}
