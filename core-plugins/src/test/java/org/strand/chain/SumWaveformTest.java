package org.strand.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.strand.core.Table;

/**
 * sum_waveform on hand-made data: strax's saturation flag (a channel saturates when a sample of a
 * hit, extended to its integration bounds, reaches int16(baseline) in the hit's record, also where
 * that sample lies outside the peak the hit is summed into) and records whose samples are stored
 * shifted ({@code amplitude_bit_shift}: the true sample is the stored one times 2^shift).
 */
class SumWaveformTest {
  private static final int N_CHANNELS = 250;

  /**
   * One record in channel 3 (baseline 16000.5, so int16(baseline) is 16000) with a hit at
   * samples 20-25 integrated over samples 17-59, summed into a peak of samples 17-26; the record's
   * sample 50, after the peak's end but within the hit's integration, is {@code sample50}; the
   * record's samples are stored shifted by {@code shift} bits.
   */
  private static Table peakOverHit(short sample50, int shift) {
    Table records = Table.allocate(ChainSchemas.RECORDS, 1);
    records.longs("time")[0] = 1000;
    records.ints("length")[0] = 110;
    records.shorts("dt")[0] = 10;
    records.shorts("channel")[0] = 3;
    records.floats("baseline")[0] = 16000.5f;
    records.shorts("amplitude_bit_shift")[0] = (short) shift;
    short[] data = records.shorts("data");
    for (int k = 20; k < 26; k++) {
      data[k] = 50;
    }
    data[50] = sample50;

    Table hits = Table.allocate(ChainSchemas.HITS, 1);
    hits.longs("time")[0] = 1200;
    hits.ints("length")[0] = 6;
    hits.shorts("dt")[0] = 10;
    hits.shorts("channel")[0] = 3;
    hits.shorts("left")[0] = 20;
    hits.shorts("right")[0] = 26;
    hits.shorts("left_integration")[0] = 17;
    hits.shorts("right_integration")[0] = 60;
    hits.ints("record_i")[0] = 0;
    hits.floats("area")[0] = 300;

    Table peaks = Table.allocate(ChainSchemas.peaks(N_CHANNELS), 1);
    peaks.longs("time")[0] = 1170;
    peaks.ints("length")[0] = 10;
    peaks.ints("dt")[0] = 10;
    peaks.ints("n_hits")[0] = 1;
    double[] toPe = new double[N_CHANNELS];
    java.util.Arrays.fill(toPe, 1.0);
    SumWaveform.compute(new PeakBuilding.Found(peaks, new int[] {0}, false), PulseProcessing.HitList.of(hits), records,
        toPe, N_CHANNELS / 2);
    return peaks;
  }

  @Test
  void sampleReachingTheBaseline_outsideThePeakButInsideTheHitsIntegration_saturatesTheChannel() {
    Table peaks = peakOverHit((short) 16000, 0);
    assertEquals(1, peaks.bytes("saturated_channel")[3]);
    assertEquals(1, peaks.shorts("n_saturated_channels")[0]);
    // The sample is outside the peak: the area holds the hit's samples 17-26 only.
    assertEquals(6 * 50.5f + 4 * 0.5f, peaks.floats("area")[0], 1e-3);
  }

  @Test
  void sampleBelowTheBaseline_doesNotSaturate() {
    Table peaks = peakOverHit((short) 15999, 0);
    assertEquals(0, peaks.bytes("saturated_channel")[3]);
    assertEquals(0, peaks.shorts("n_saturated_channels")[0]);
  }

  @Test
  void shiftedSamples_countTimesTwoToTheShift_inTheAreaAndTheSaturationTest() {
    Table peaks = peakOverHit((short) 8000, 1);
    // Samples 2 x 50 plus the baseline's fraction, over the hit's 6 samples; the other 4 of the peak are 0.5.
    assertEquals(6 * 100.5f + 4 * 0.5f, peaks.floats("area")[0], 1e-3);
    assertEquals(1, peaks.bytes("saturated_channel")[3], "2 x 8000 reaches int16(16000.5)");

    assertEquals(0, peakOverHit((short) 7999, 1).bytes("saturated_channel")[3], "2 x 7999 does not");
  }
}
