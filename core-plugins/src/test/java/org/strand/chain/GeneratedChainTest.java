package org.strand.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.strand.context.Context;
import org.strand.core.Table;
import org.strand.plugin.Plugin;

/**
 * The whole standard chain, through a context and the single-threaded processor, on generated
 * runs whose truth is known.
 */
class GeneratedChainTest {
  static final Map<String, Object> RUN = Map.of("run_duration_s", 1.0, "chunk_size_mb", 5.0);
  static Context ctx;
  static List<GeneratedEvent> truth;
  static Table peakBasics;
  static Table events;
  static Table eventBasics;

  @BeforeAll
  static void process() {
    ctx = Context.of(StandardChain.plugins()).withOptions(RUN);
    truth = GeneratorTest.open("000042", RUN).events();
    peakBasics = ctx.get("000042", "peak_basics").table();
    events = ctx.get("000042", "events").table();
    eventBasics = ctx.get("000042", "event_basics").table();
  }

  @Test
  void standardChain_pluginsListsEveryTypeOnce() {
    List<String> types = StandardChain.plugins().stream().flatMap(p -> p.provides().stream()).toList();
    assertEquals(List.of("raw_records", "records", "hits", "peaks", "peak_basics", "events", "event_basics"), types);
  }

  @Test
  void standardChain_withAnotherSource_usesIt() {
    ChunksSource other = new ChunksSource("raw_records", ChainSchemas.RAW_RECORDS,
        List.of(GeneratorTest.open("000001", Map.of("run_duration_s", 0.01)).chunk(0)));
    List<Plugin> plugins = StandardChain.plugins(other);
    assertTrue(plugins.get(0) == other);
    Table hits = Context.of(plugins).get("000001", "hits").table();
    assertTrue(hits.rows() > 0);
  }

  @Test
  void standardChain_withSourceOfOtherType_isRejected() {
    ChunksSource wrong = new ChunksSource("pulses", ChainSchemas.RAW_RECORDS, List.of());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StandardChain.plugins(wrong));
    assertTrue(e.getMessage().contains("pulses"), e.getMessage());
  }

  @Test
  void everyGeneratedS2_isFoundAsOnePeakWithItsArea() {
    long[] time = peakBasics.longs("time");
    long[] end = peakBasics.longs("endtime");
    float[] area = peakBasics.floats("area");
    for (GeneratedEvent e : truth) {
      int found = 0;
      for (int i = 0; i < peakBasics.rows(); i++) {
        if (time[i] <= e.s2Time() && e.s2Time() < end[i]) {
          found++;
          double ratio = area[i] / e.s2Photoelectrons();
          assertTrue(ratio > 0.9 && ratio < 1.15, "S2 area " + area[i] + " for " + e);
        }
      }
      assertEquals(1, found, "peaks holding the S2 of " + e);
    }
  }

  /**
   * Confusion counts of the classification: generated S1s and S2s against the type of the peak
   * that holds them; every other peak is background (chance coincidences of dark counts).
   */
  @Test
  void classification_generatedS1sAndS2s_areS1sAndS2s() {
    long[] time = peakBasics.longs("time");
    long[] end = peakBasics.longs("endtime");
    byte[] type = peakBasics.bytes("type");
    int[][] confusion = new int[3][3]; // [truth: 0 background, 1 S1, 2 S2][type]
    boolean[] matched = new boolean[peakBasics.rows()];
    for (GeneratedEvent e : truth) {
      for (int i = 0; i < peakBasics.rows(); i++) {
        if (time[i] <= e.s1Time() + 50 && e.s1Time() < end[i]) {
          confusion[1][type[i]]++;
          matched[i] = true;
        }
        if (time[i] <= e.s2Time() && e.s2Time() < end[i]) {
          confusion[2][type[i]]++;
          matched[i] = true;
        }
      }
    }
    for (int i = 0; i < peakBasics.rows(); i++) {
      if (!matched[i]) {
        confusion[0][type[i]]++;
      }
    }
    String table = "confusion [truth][type] background/S1/S2: " + java.util.Arrays.deepToString(confusion);
    assertEquals(truth.size(), confusion[1][1], "every generated S1 is an S1; " + table);
    assertEquals(truth.size(), confusion[2][2], "every generated S2 is an S2; " + table);
    int background = confusion[0][0] + confusion[0][1] + confusion[0][2];
    assertTrue(confusion[0][2] <= background / 100 + 1, "background is rarely an S2; " + table);
    assertTrue(confusion[0][1] <= background / 20 + 1, "background is rarely an S1; " + table);
  }

  /**
   * Events: at 100 Hz with windows of about 1.02 ms, some events pile up into one; the number of
   * events is between 80% and 100% of the generated ones.
   */
  @Test
  void events_countNearGenerated_numberedFromZeroWithoutGaps() {
    int n = events.rows();
    assertTrue(n <= truth.size() && n >= 0.8 * truth.size(), n + " events for " + truth.size() + " generated");
    long[] number = events.longs("event_number");
    for (int i = 0; i < n; i++) {
      assertEquals(i, number[i], "event number of row " + i);
    }
    assertEquals(n, eventBasics.rows());
    for (int i = 0; i < n; i++) {
      assertEquals(i, eventBasics.longs("event_number")[i]);
    }
  }

  @Test
  void eventBasics_driftTimes_matchGeneratedDriftTimes() {
    long[] s2Center = eventBasics.longs("s2_center_time");
    long[] drift = eventBasics.longs("drift_time");
    long[] t0 = eventBasics.longs("time");
    long[] t1 = eventBasics.longs("endtime");
    int compared = 0;
    for (int i = 0; i < eventBasics.rows(); i++) {
      List<GeneratedEvent> inside = new ArrayList<>();
      for (GeneratedEvent e : truth) {
        if (e.s1Time() >= t0[i] && e.s2Time() < t1[i]) {
          inside.add(e);
        }
      }
      if (inside.size() != 1) {
        continue; // piled-up events: the main S1 may belong to the other one
      }
      GeneratedEvent e = inside.get(0);
      assertTrue(Math.abs(s2Center[i] - e.s2Time()) <= 100, "main S2 centre " + s2Center[i] + " of event " + i + " for " + e);
      assertTrue(Math.abs(drift[i] - e.driftTime()) <= 150, "drift time " + drift[i] + " of event " + i + " for " + e);
      compared++;
    }
    assertTrue(compared >= 0.8 * eventBasics.rows(), compared + " of " + eventBasics.rows() + " events compared");
  }

  @Test
  void runWithoutS2s_givesNoEvents() {
    Context noS2 = ctx.withOptions(Map.of("run_duration_s", 0.2, "s2_pe", 0.0));
    assertEquals(0, noS2.get("000042", "events").table().rows());
    assertEquals(0, noS2.get("000042", "event_basics").table().rows());
    assertTrue(noS2.get("000042", "peak_basics").table().rows() > 0, "S1s and dark counts still make peaks");
  }

  @Test
  void peaks_moreTopChannelsThanChannels_isRefusedNamingBoth() {
    // Before, every channel silently counted as top: area_fraction_top was 1 for every peak.
    Context tooMany = ctx.withOptions(Map.of("run_duration_s", 0.05, "n_top_channels", 251));
    RuntimeException e = assertThrows(RuntimeException.class, () -> tooMany.get("000042", "peaks"));
    StringBuilder messages = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      messages.append(t.getMessage()).append('\n');
    }
    assertTrue(messages.toString().contains("option 'n_top_channels' is 251 but n_channels is 250"), messages.toString());
    Table all = ctx.withOptions(Map.of("run_duration_s", 0.05, "n_top_channels", 250)).get("000042", "peaks").table();
    assertTrue(all.rows() > 0, "a top array of every channel is allowed");
  }

  @Test
  void eventBasics_withoutS1_fillsDocumentedValues() {
    Context noS1 = ctx.withOptions(Map.of("run_duration_s", 0.2, "s1_pe", 0.0));
    Table eb = noS1.get("000042", "event_basics").table();
    assertTrue(eb.rows() > 0);
    for (int i = 0; i < eb.rows(); i++) {
      assertEquals(-1, eb.longs("s1_time")[i]);
      assertEquals(-1, eb.longs("drift_time")[i]);
      assertEquals(0f, eb.floats("s1_area")[i]);
      assertTrue(Float.isNaN(eb.floats("s1_range_50p_area")[i]));
      assertEquals(0, eb.shorts("s1_n_channels")[i]);
      assertTrue(eb.floats("s2_area")[i] > 100, "the trigger S2 is the main S2");
    }
  }
}
