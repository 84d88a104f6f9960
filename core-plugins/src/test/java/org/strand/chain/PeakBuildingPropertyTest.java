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

  static Map<String, List<Chunk>> chain(long seed, double eventRate, double darkRate, double s2Pe) {
    GeneratedRun run = GeneratorTest.open("000001", Map.of("run_duration_s", 0.03, "chunk_size_mb", 0.4,
        "generator_seed", seed, "event_rate_hz", eventRate, "dark_rate_hz", darkRate, "s2_pe", s2Pe));
    List<Chunk> raw = new ArrayList<>();
    for (int i = 0; i < run.chunkCount(); i++) {
      raw.add(run.chunk(i));
    }
    return new ChainRunner().run(raw);
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

  /** find_peaks as a brute-force clustering of the hits: start time and hit count of each peak. */
  @Property(tries = 25)
  void peaks_areTheHitClustersWithTwoOrMoreChannels(@ForAll long seed,
      @ForAll @DoubleRange(min = 0, max = 400) double eventRate, @ForAll @DoubleRange(min = 50, max = 3000) double darkRate,
      @ForAll @IntRange(min = 0, max = 20000) int s2Pe) {
    Map<String, List<Chunk>> out = chain(seed, eventRate, darkRate, s2Pe);
    for (int c = 0; c < out.get("peaks").size(); c++) {
      Chunk peaks = out.get("peaks").get(c);
      Table hits = out.get("hits").get(c).data();
      List<long[]> clusters = new ArrayList<>();
      int i = 0;
      while (i < hits.rows()) {
        long first = hits.longs("time")[i];
        long maxEnd = first;
        Set<Short> channels = new HashSet<>();
        int n = 0;
        int j = i;
        while (j < hits.rows() && (j == i || hits.longs("time")[j] - maxEnd < 700)) {
          maxEnd = Math.max(maxEnd, hits.longs("time")[j] + 10L * hits.ints("length")[j]);
          channels.add(hits.shorts("channel")[j]);
          n++;
          j++;
        }
        if (channels.size() >= 2) {
          clusters.add(new long[] {Math.max(first - 30, peaks.start()), n});
        }
        i = j;
      }
      Table p = peaks.data();
      assertEquals(clusters.size(), p.rows(), "peaks in chunk " + c);
      for (int k = 0; k < p.rows(); k++) {
        assertEquals(clusters.get(k)[0], p.longs("time")[k], "start of peak " + k);
        assertEquals(clusters.get(k)[1], p.ints("n_hits")[k], "hits of peak " + k);
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
    GeneratedRun run = GeneratorTest.open("000001", Map.of("run_duration_s", 0.02, "generator_seed", seed, "event_rate_hz", 300.0));
    List<Chunk> raw = new ArrayList<>();
    for (int i = 0; i < run.chunkCount(); i++) {
      raw.add(run.chunk(i));
    }
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
}
