package org.strand.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.strand.core.Chunk;
import org.strand.core.Table;

/** Peaks of generated runs with random settings, against brute-force oracles. */
class PeakBuildingPropertyTest {

  /** Every raw_records chunk of generated run 000001 made with these generator options. */
  static List<Chunk> rawChunks(Map<String, ?> options) {
    GeneratedRun run = GeneratorTest.open("000001", options);
    List<Chunk> raw = new ArrayList<>();
    for (int i = 0; i < run.chunkCount(); i++) {
      raw.add(run.chunk(i));
    }
    return raw;
  }

  /** The raw_records of a 30 ms run in 0.4 MB chunks, as most tests here use. */
  static List<Chunk> rawChunks(long seed, double eventRate, double darkRate, double s2Pe) {
    return rawChunks(Map.of("run_duration_s", 0.03, "chunk_size_mb", 0.4, "generator_seed", seed,
        "event_rate_hz", eventRate, "dark_rate_hz", darkRate, "s2_pe", s2Pe));
  }

  static Map<String, List<Chunk>> chain(long seed, double eventRate, double darkRate, double s2Pe) {
    return new ChainRunner().run(rawChunks(seed, eventRate, darkRate, s2Pe));
  }

  private static boolean close(double a, double b) {
    return Math.abs(a - b) <= 1e-3 + 2e-5 * Math.abs(b);
  }

  @Property(tries = 25)
  void areaPerChannelSumsToArea_andWaveformIntegratesToArea(@ForAll long seed,
      @ForAll @DoubleRange(min = 0, max = 400) double eventRate, @ForAll @DoubleRange(min = 50, max = 3000) double darkRate,
      @ForAll @DoubleRange(min = 0, max = 30000) double s2Pe) {
    for (Chunk c : chain(seed, eventRate, darkRate, s2Pe).get("peaks")) {
      Table p = c.data();
      float[] apc = p.floats("area_per_channel");
      float[] data = p.floats("data");
      float[] top = p.floats("data_top");
      for (int i = 0; i < p.rows(); i++) {
        double area = p.floats("area")[i];
        double channels = 0;
        double topChannels = 0;
        for (int ch = 0; ch < 250; ch++) {
          channels += apc[i * 250 + ch];
          topChannels += ch < 125 ? apc[i * 250 + ch] : 0;
        }
        assertTrue(close(channels, area), "peak " + i + ": area per channel sums to " + channels + ", area " + area);
        double wf = 0;
        double wfTop = 0;
        for (int k = 0; k < p.ints("length")[i]; k++) {
          wf += data[i * 200 + k];
          wfTop += top[i * 200 + k];
        }
        if (p.ints("dt")[i] == 10) {
          assertTrue(close(wf, area), "peak " + i + ": waveform integrates to " + wf + ", area " + area);
          assertTrue(close(wfTop, topChannels), "peak " + i + ": top waveform integrates to " + wfTop + ", top area " + topChannels);
        } else {
          // Downsampled by an integer factor: each sample sums that many original ones (the first
          // 200 originals are kept in data_start); strax drops the last, incomplete group.
          int factor = p.ints("dt")[i] / 10;
          float[] start = p.floats("data_start");
          for (int k = 0; (k + 1) * factor <= 200; k++) {
            float sum = 0;
            for (int j = 0; j < factor; j++) {
              sum += start[i * 200 + k * factor + j];
            }
            assertTrue(close(data[i * 200 + k], sum), "peak " + i + ": downsampled sample " + k);
          }
          assertTrue(Math.abs(wf - area) <= 0.02 * Math.abs(area) + 0.01,
              "peak " + i + ": downsampled waveform integrates to " + wf + ", area " + area);
        }
      }
    }
  }

  /**
   * The hits of each peak found by a brute-force clustering: runs of hits (in time order) each
   * starting less than 700 ns (the gap threshold) after the latest end so far, kept when they
   * hold two or more channels; each as {first hit, last hit + 1}.
   */
  static List<int[]> hitClusters(Table hits) {
    List<int[]> clusters = new ArrayList<>();
    int i = 0;
    while (i < hits.rows()) {
      long maxEnd = hits.longs("time")[i];
      Set<Short> channels = new HashSet<>();
      int j = i;
      while (j < hits.rows() && (j == i || hits.longs("time")[j] - maxEnd < 700)) {
        maxEnd = Math.max(maxEnd, hits.longs("time")[j] + 10L * hits.ints("length")[j]);
        channels.add(hits.shorts("channel")[j]);
        j++;
      }
      if (channels.size() >= 2) {
        clusters.add(new int[] {i, j});
      }
      i = j;
    }
    return clusters;
  }

  /** find_peaks as a brute-force clustering of the hits: start time and hit count of each peak. */
  @Property(tries = 25)
  void peaks_areTheHitClustersWithTwoOrMoreChannels(@ForAll long seed,
      @ForAll @DoubleRange(min = 0, max = 400) double eventRate, @ForAll @DoubleRange(min = 50, max = 3000) double darkRate,
      @ForAll @IntRange(min = 0, max = 20000) int s2Pe) {
    Map<String, List<Chunk>> out = chain(seed, eventRate, darkRate, s2Pe);
    for (int c = 0; c < out.get("peaks").size(); c++) {
      Chunk peaks = out.get("peaks").get(c);
      Table hits = out.get("hits").get(c).data();
      List<int[]> clusters = hitClusters(hits);
      Table p = peaks.data();
      assertEquals(clusters.size(), p.rows(), "peaks in chunk " + c);
      for (int k = 0; k < p.rows(); k++) {
        int[] cluster = clusters.get(k);
        assertEquals(Math.max(hits.longs("time")[cluster[0]] - 30, peaks.start()), p.longs("time")[k], "start of peak " + k);
        assertEquals(cluster[1] - cluster[0], p.ints("n_hits")[k], "hits of peak " + k);
        if (k > 0) {
          long previousEnd = p.longs("time")[k - 1] + (long) p.ints("length")[k - 1] * p.ints("dt")[k - 1];
          assertTrue(previousEnd <= p.longs("time")[k], "peaks do not overlap");
        }
      }
    }
  }

  /**
   * Summing each peak from its own hits gives exactly what strax's scan over all extended hits
   * gives (the reason the fast path is correct), bit for bit.
   */
  @Property(tries = 15)
  void sumWaveform_byPeak_equalsScanOverAllHits(@ForAll long seed, @ForAll @DoubleRange(min = 0, max = 400) double eventRate,
      @ForAll @DoubleRange(min = 50, max = 3000) double darkRate) {
    Map<String, List<Chunk>> out = chain(seed, eventRate, darkRate, 3750);
    for (int c = 0; c < out.get("peaks").size(); c++) {
      Chunk chunk = out.get("peaks").get(c);
      Table records = out.get("records").get(c).data();
      PulseProcessing.HitList hits = PulseProcessing.HitList.of(out.get("hits").get(c).data());
      double[] toPe = ChainOptions.TO_PE.defaultValue();
      PeakBuilding.Params params = new PeakBuilding.Params(toPe, 700, 30, 200, 0, 2, 10_000_000);
      PeakBuilding.Found byPeak = PeakBuilding.findPeaks(hits, params, ChainSchemas.peaks(250), 250);
      PeakBuilding.Found found = PeakBuilding.findPeaks(hits, params, ChainSchemas.peaks(250), 250);
      PeakBuilding.Found scanned = new PeakBuilding.Found(found.peaks(), found.firstHit(), true);
      for (PeakBuilding.Found f : List.of(byPeak, scanned)) {
        PeakBuilding.clip(f.peaks(), chunk.start(), chunk.end());
        SumWaveform.compute(f, hits, records, toPe, 125);
      }
      assertTrue(byPeak.peaks().contentEquals(scanned.peaks()), "chunk " + c + ": first difference at peak "
          + byPeak.peaks().firstDifference(scanned.peaks()));
      PeakProperties.compute(byPeak.peaks(), 125);
      assertTrue(byPeak.peaks().contentEquals(chunk.data()), "the plugin's peaks");
    }
  }

  /** Peaks cut by max_duration touch each other; strax's scan over all hits handles them. */
  @Property(tries = 10)
  void peaksCutByMaxDuration_keepTheirInvariants(@ForAll long seed) {
    List<Chunk> raw = rawChunks(Map.of("run_duration_s", 0.02, "generator_seed", seed, "event_rate_hz", 300.0));
    Map<String, List<Chunk>> out = new ChainRunner(Map.of("max_duration", 1500L)).run(raw);
    int peaks = 0;
    for (Chunk c : out.get("peaks")) {
      Table p = c.data();
      for (int i = 0; i < p.rows(); i++) {
        double channels = 0;
        for (int ch = 0; ch < 250; ch++) {
          channels += p.floats("area_per_channel")[i * 250 + ch];
        }
        assertTrue(close(channels, p.floats("area")[i]), "peak " + i + ": area per channel sums to area");
        assertTrue((long) p.ints("length")[i] * p.ints("dt")[i] <= 1500 + 10, "peak " + i + " no longer than max_duration");
        peaks++;
      }
    }
    assertTrue(peaks > 0);
  }

  /**
   * Saturation against a brute-force oracle. Some records get a sample of 0 ADC past the baseline
   * window (so once flipped it reaches int16(baseline), as a saturated digitiser's sample does),
   * and a peak's channel must be flagged exactly when one of the peak's hits, extended to its
   * integration bounds, covers such a sample in its own record or in the records of its pulse
   * before and after it, inside the peak or not.
   */
  @Property(tries = 15)
  void saturatedChannels_areThoseWhoseExtendedHitsReachTheBaseline(@ForAll long seed,
      @ForAll @IntRange(min = 3, max = 40) int every) {
    List<Chunk> raw = rawChunks(seed, 200, 500, 5000);
    for (Chunk c : raw) {
      Table t = c.data();
      for (int r = 0; r < t.rows(); r += every) {
        int length = t.ints("length")[r];
        if (length > 40) {
          t.shorts("data")[r * 110 + 40 + (r / every) % (length - 40)] = 0;
        }
      }
    }
    Map<String, List<Chunk>> out = new ChainRunner().run(raw);
    int saturated = 0;
    for (int c = 0; c < out.get("peaks").size(); c++) {
      Table records = out.get("records").get(c).data();
      Table hits = out.get("hits").get(c).data();
      Table peaks = out.get("peaks").get(c).data();
      Map<String, Integer> recordAt = new java.util.HashMap<>();
      for (int r = 0; r < records.rows(); r++) {
        recordAt.put(records.shorts("channel")[r] + "@" + records.longs("time")[r], r);
      }
      List<int[]> clusters = hitClusters(hits);
      assertEquals(clusters.size(), peaks.rows(), "peaks in chunk " + c);
      for (int p = 0; p < peaks.rows(); p++) {
        boolean[] expected = new boolean[250];
        for (int h = clusters.get(p)[0]; h < clusters.get(p)[1]; h++) {
          int r = hits.ints("record_i")[h];
          int ch = hits.shorts("channel")[h];
          long recordTime = records.longs("time")[r];
          long from = recordTime + 10L * hits.shorts("left_integration")[h];
          long to = recordTime + 10L * hits.shorts("right_integration")[h];
          for (int step : new int[] {-1, 0, 1}) {
            Integer q = recordAt.get(ch + "@" + (recordTime + step * 1100L));
            if (q == null || (step != 0 && records.shorts("record_i")[q] != records.shorts("record_i")[r] + step)) {
              continue;
            }
            short level = (short) records.floats("baseline")[q];
            for (int k = 0; k < records.ints("length")[q]; k++) {
              long t = records.longs("time")[q] + 10L * k;
              if (t >= from && t < to && records.shorts("data")[q * 110 + k] >= level) {
                expected[ch] = true;
              }
            }
          }
        }
        int n = 0;
        for (int ch = 0; ch < 250; ch++) {
          assertEquals(expected[ch], peaks.bytes("saturated_channel")[p * 250 + ch] == 1,
              "chunk " + c + ", peak " + p + ", channel " + ch + ": saturated");
          n += expected[ch] ? 1 : 0;
        }
        assertEquals(n, peaks.shorts("n_saturated_channels")[p], "chunk " + c + ", peak " + p + ": saturated channels");
        saturated += n;
      }
    }
    assertTrue(saturated > 0, "no peak saturated: the test's set-up does not reach the case it checks");
  }
}
