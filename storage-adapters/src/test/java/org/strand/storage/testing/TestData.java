package org.strand.storage.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.strand.core.Chunk;
import org.strand.core.Field;
import org.strand.core.FieldType;
import org.strand.core.Schema;
import org.strand.core.Table;
import org.strand.plugin.Lineage;

/** Seeded tables and chunk streams for storage tests. */
public final class TestData {
  private TestData() {}

  /** Every field type, as scalar and as array, with time and endtime. */
  public static final Schema ALL_TYPES = Schema.builder()
      .scalar("time", FieldType.INT64, "start [ns]")
      .scalar("endtime", FieldType.INT64, "end [ns]")
      .scalar("flag", FieldType.BOOL, "a boolean")
      .scalar("tiny", FieldType.INT8, "an int8")
      .scalar("small", FieldType.INT16, "an int16")
      .scalar("medium", FieldType.INT32, "an int32")
      .scalar("large", FieldType.INT64, "an int64")
      .scalar("single", FieldType.FLOAT32, "a float32, with \"quotes\" and unicode \u00b5s")
      .scalar("double_", FieldType.FLOAT64, "")
      .array("flags", FieldType.BOOL, 3, "booleans")
      .array("tinies", FieldType.INT8, 4, "int8s")
      .array("smalls", FieldType.INT16, 5, "int16s")
      .array("mediums", FieldType.INT32, 2, "int32s")
      .array("larges", FieldType.INT64, 2, "int64s")
      .array("singles", FieldType.FLOAT32, 3, "float32s")
      .array("doubles", FieldType.FLOAT64, 1, "a one-element array")
      .build();

  /** A records-like schema: strax's records with a 110-sample waveform. */
  public static final Schema RECORDS = Schema.builder()
      .scalar("time", FieldType.INT64, "Start time since unix epoch [ns]")
      .scalar("length", FieldType.INT32, "Length of the interval in samples")
      .scalar("dt", FieldType.INT16, "Width of one sample [ns]")
      .scalar("channel", FieldType.INT16, "Channel/PMT number")
      .scalar("pulse_length", FieldType.INT32, "Length of pulse to which the record belongs (without zero-padding)")
      .scalar("record_i", FieldType.INT16, "Fragment number in the pulse")
      .scalar("area", FieldType.INT32, "Integral in ADC counts x samples")
      .scalar("reduction_level", FieldType.INT8, "Level of data reduction applied")
      .scalar("baseline", FieldType.FLOAT32, "Baseline in ADC counts")
      .scalar("baseline_rms", FieldType.FLOAT32, "Baseline RMS in ADC counts")
      .scalar("amplitude_bit_shift", FieldType.INT16, "Multiply by 2**(this number) to get ADC counts")
      .array("data", FieldType.INT16, 110, "Waveform data in raw ADC counts")
      .build();

  /** A table of {@code rows} random rows of {@code schema}, times from {@code start} in steps. */
  public static Table table(Schema schema, int rows, long start, long step, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    Table t = Table.allocate(schema, rows);
    for (int c = 0; c < schema.size(); c++) {
      Field f = schema.field(c);
      Object col = t.column(c);
      int n = rows * f.width();
      switch (f.type()) {
        case BOOL -> {
          boolean[] a = (boolean[]) col;
          for (int i = 0; i < n; i++) a[i] = r.nextBoolean();
        }
        case INT8 -> {
          byte[] a = (byte[]) col;
          for (int i = 0; i < n; i++) a[i] = (byte) r.nextInt();
        }
        case INT16 -> {
          short[] a = (short[]) col;
          for (int i = 0; i < n; i++) a[i] = (short) r.nextInt();
        }
        case INT32 -> {
          int[] a = (int[]) col;
          for (int i = 0; i < n; i++) a[i] = r.nextInt();
        }
        case INT64 -> {
          long[] a = (long[]) col;
          for (int i = 0; i < n; i++) a[i] = r.nextLong();
        }
        case FLOAT32 -> {
          float[] a = (float[]) col;
          for (int i = 0; i < n; i++) a[i] = special(r, i) ? specialFloat(i) : (float) r.nextDouble(-1e6, 1e6);
        }
        case FLOAT64 -> {
          double[] a = (double[]) col;
          for (int i = 0; i < n; i++) a[i] = special(r, i) ? specialFloat(i) : r.nextDouble(-1e12, 1e12);
        }
      }
    }
    long[] time = t.longs("time");
    for (int i = 0; i < rows; i++) {
      time[i] = start + i * step;
    }
    if (schema.has("endtime")) {
      long[] end = t.longs("endtime");
      for (int i = 0; i < rows; i++) {
        end[i] = time[i] + step / 2;
      }
    } else if (schema.has("length")) {
      int[] length = t.ints("length");
      short[] dt = t.shorts("dt");
      for (int i = 0; i < rows; i++) {
        length[i] = (int) Math.max(1, step / 20);
        dt[i] = 10;
      }
    }
    return t;
  }

  private static boolean special(SplittableRandom r, int i) {
    return i % 97 == 0;
  }

  private static float specialFloat(int i) {
    float[] specials = {Float.NaN, -0.0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, Float.MAX_VALUE};
    return specials[(i / 97) % specials.length];
  }

  /**
   * Contiguous chunks of a run: chunk i covers {@code [t0 + i * span, t0 + (i + 1) * span)} and
   * holds {@code rows[i]} rows.
   */
  public static List<Chunk> chunks(Schema schema, String runId, String type, int[] rows, long span, long seed) {
    List<Chunk> out = new ArrayList<>();
    long t0 = 1_600_000_000_000_000_000L;
    for (int i = 0; i < rows.length; i++) {
      long start = t0 + i * span;
      long step = rows[i] == 0 ? span : Math.max(1, span / (rows[i] + 1));
      out.add(Chunk.of(runId, type, start, start + span, table(schema, rows[i], start, step, seed * 31 + i)));
    }
    return out;
  }

  /** A strand lineage for tests. */
  public static Lineage lineage(String type, String version) {
    return Lineage.of(type, "TestPlugin", version, java.util.Map.of("option", 1L), java.util.Map.of());
  }
}
