package org.strand.chain;

import java.util.Map;
import org.strand.core.Table;
import org.strand.plugin.ChunkInput;
import org.strand.plugin.Option;
import org.strand.plugin.OptionValues;
import org.strand.plugin.Outputs;
import org.strand.plugin.OverlapWindowPlugin;
import org.strand.plugin.PluginSpec;

/**
 * {@code events} from {@code peak_basics}, as straxen builds them: every S2 ({@code type} 2) with
 * more than {@code trigger_min_area} PE triggers a window from {@code left_event_extension}
 * before its start to {@code right_event_extension} after its end; windows that overlap or touch
 * are merged into one event. The left extension's default (1.01 ms) covers the generator's
 * longest drift time (1 ms) plus a margin, so the S1 of a triggering S2 is in its event.
 *
 * <p>Chunk edges: as an overlap-window plugin, events are computed on each chunk together with
 * the end of the previous input, and those within {@link #windowNs} of the data's end are held
 * back until the next chunk arrives; output chunks are cut only where no event is in progress.
 * So events are the same for any chunking of the peaks, and an event never straddles a chunk
 * boundary. Windows are clipped to the data seen, which only matters at the run's start and end.
 * {@code event_number} counts events from 0 over the whole run, without gaps.
 */
public final class Events extends OverlapWindowPlugin {
  public static final String TYPE = "events";

  public static final Option<Double> TRIGGER_MIN_AREA = Option.real("trigger_min_area", 100,
      "S2s with more area than this [PE] trigger events");
  public static final Option<Long> LEFT_EVENT_EXTENSION = Option.integer("left_event_extension", 1_010_000,
          "events start this long before their triggering S2 [ns]; at least the longest drift time")
      .requiring(v -> v >= 0 && v <= 1_000_000_000L, "must be between 0 and 1e9 ns");
  public static final Option<Long> RIGHT_EVENT_EXTENSION = Option.integer("right_event_extension", 10_000,
          "events end this long after their triggering S2 ends [ns]")
      .requiring(v -> v >= 0 && v <= 1_000_000_000L, "must be between 0 and 1e9 ns");

  public Events() {
    super(PluginSpec.builder("Events").version("1")
        .provides(TYPE, ChainSchemas.EVENTS)
        .dependsOn(PeakBasics.TYPE)
        .options(TRIGGER_MIN_AREA, LEFT_EVENT_EXTENSION, RIGHT_EVENT_EXTENSION)
        .build());
  }

  /** Ten times the event extensions, as straxen allows for chains of merged windows. */
  @Override
  public long windowNs(OptionValues options) {
    return 10 * (options.get(LEFT_EVENT_EXTENSION) + options.get(RIGHT_EVENT_EXTENSION));
  }

  @Override
  public Map<String, String> numberedFields() {
    return Map.of(TYPE, "event_number");
  }

  @Override
  public Outputs compute(ChunkInput in) {
    Table peaks = in.table(PeakBasics.TYPE);
    long left = in.option(LEFT_EVENT_EXTENSION);
    long right = in.option(RIGHT_EVENT_EXTENSION);
    double minArea = in.option(TRIGGER_MIN_AREA);
    int n = peaks.rows();
    long[] time = peaks.longs("time");
    long[] endtime = peaks.longs("endtime");
    float[] area = peaks.floats("area");
    byte[] type = peaks.bytes("type");
    long[] start = new long[n];
    long[] stop = new long[n];
    int events = 0;
    long curStart = 0;
    long curStop = Long.MIN_VALUE;
    for (int i = 0; i < n; i++) {
      if (type[i] != 2 || !(area[i] > minArea)) {
        continue;
      }
      long s = time[i] - left;
      long e = endtime[i] + right;
      if (curStop != Long.MIN_VALUE && s <= curStop) {
        curStop = Math.max(curStop, e);
        continue;
      }
      if (curStop != Long.MIN_VALUE) {
        start[events] = curStart;
        stop[events++] = curStop;
      }
      curStart = s;
      curStop = e;
    }
    if (curStop != Long.MIN_VALUE) {
      start[events] = curStart;
      stop[events++] = curStop;
    }
    Table out = Table.allocate(ChainSchemas.EVENTS, events);
    long[] t0 = out.longs("time");
    long[] t1 = out.longs("endtime");
    for (int k = 0; k < events; k++) {
      t0[k] = Math.min(Math.max(start[k], in.start()), in.end());
      t1[k] = Math.min(Math.max(stop[k], in.start()), in.end());
    }
    return Outputs.of(TYPE, out);
  }
}
