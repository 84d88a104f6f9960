package org.strand.chain;

import org.strand.core.Table;
import org.strand.plugin.LoopPlugin;
import org.strand.plugin.PluginSpec;

/**
 * {@code event_basics}: per event, from the peak_basics rows fully inside it, with straxen's
 * field names. The main S2 is the event's largest S2 and the alternative S2 its second largest;
 * the main S1 is the largest S1 that starts before the main S2 and the alternative S1 the second
 * largest of those (without an S2, the S1s are chosen among all the event's S1s). Ties go to the
 * earlier peak. {@code drift_time} is the main S2's center time minus the main S1's: centre times
 * rather than start times, so that the S2's microseconds of width do not bias the drift.
 *
 * <p>A missing signal is not an error: its fields hold fill values: time and center time -1,
 * area 0, range_50p_area and area_fraction_top NaN, n_channels 0; {@code drift_time} is -1 unless
 * both a main S1 and a main S2 exist.
 */
public final class EventBasics extends LoopPlugin {
  public static final String TYPE = "event_basics";

  private static final String[] SIGNALS = {"s1", "s2", "alt_s1", "alt_s2"};

  public EventBasics() {
    super(PluginSpec.builder("EventBasics").version("1")
        .provides(TYPE, ChainSchemas.EVENT_BASICS)
        .dependsOn(Events.TYPE, PeakBasics.TYPE)
        .build());
  }

  @Override
  protected void computeRow(LoopRow row) {
    Table events = row.containers();
    Table peaks = row.contained();
    Table out = row.output();
    int e = row.index();
    out.longs("event_number")[e] = events.longs("event_number")[e];
    out.ints("n_peaks")[e] = row.count();
    byte[] type = peaks.bytes("type");
    float[] area = peaks.floats("area");
    long[] time = peaks.longs("time");

    int s2 = -1;
    int altS2 = -1;
    for (int k = 0; k < row.count(); k++) {
      int p = row.inside(k);
      if (type[p] != 2) {
        continue;
      }
      if (s2 < 0 || area[p] > area[s2]) {
        altS2 = s2;
        s2 = p;
      } else if (altS2 < 0 || area[p] > area[altS2]) {
        altS2 = p;
      }
    }
    int s1 = -1;
    int altS1 = -1;
    for (int k = 0; k < row.count(); k++) {
      int p = row.inside(k);
      if (type[p] != 1 || (s2 >= 0 && time[p] >= time[s2])) {
        continue;
      }
      if (s1 < 0 || area[p] > area[s1]) {
        altS1 = s1;
        s1 = p;
      } else if (altS1 < 0 || area[p] > area[altS1]) {
        altS1 = p;
      }
    }
    int[] chosen = {s1, s2, altS1, altS2};
    for (int k = 0; k < SIGNALS.length; k++) {
      fill(out, e, SIGNALS[k], peaks, chosen[k]);
    }
    long[] center = peaks.longs("center_time");
    out.longs("drift_time")[e] = s1 >= 0 && s2 >= 0 ? center[s2] - center[s1] : -1;
  }

  private static void fill(Table out, int e, String prefix, Table peaks, int p) {
    if (p < 0) {
      out.longs(prefix + "_time")[e] = -1;
      out.longs(prefix + "_center_time")[e] = -1;
      out.floats(prefix + "_area")[e] = 0;
      out.floats(prefix + "_range_50p_area")[e] = Float.NaN;
      out.floats(prefix + "_area_fraction_top")[e] = Float.NaN;
      out.shorts(prefix + "_n_channels")[e] = 0;
      return;
    }
    out.longs(prefix + "_time")[e] = peaks.longs("time")[p];
    out.longs(prefix + "_center_time")[e] = peaks.longs("center_time")[p];
    out.floats(prefix + "_area")[e] = peaks.floats("area")[p];
    out.floats(prefix + "_range_50p_area")[e] = peaks.floats("range_50p_area")[p];
    out.floats(prefix + "_area_fraction_top")[e] = peaks.floats("area_fraction_top")[p];
    out.shorts(prefix + "_n_channels")[e] = peaks.shorts("n_channels")[p];
  }
}
