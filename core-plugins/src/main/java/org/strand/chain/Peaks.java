package org.strand.chain;

import org.strand.chain.PulseProcessing.HitList;
import org.strand.core.ConfigurationException;
import org.strand.core.Schema;
import org.strand.core.Table;
import org.strand.plugin.ChunkInput;
import org.strand.plugin.ChunkPlugin;
import org.strand.plugin.Outputs;
import org.strand.plugin.PluginSpec;

/**
 * {@code peaks} from {@code hits} and {@code records}, as strax builds them chunk by chunk:
 * find_peaks on the hits ({@code gap_threshold}, {@code left_extension},
 * {@code right_extension}, {@code min_area}, {@code min_channels}, {@code max_duration},
 * gains {@code to_pe}), peaks clipped to the chunk, hits extended to their integration bounds,
 * sum_waveform (200 samples, top array = channels below {@code n_top_channels}, start waveform,
 * area per channel) and compute_properties (widths, area deciles, median and center time, area
 * fraction top). As in strax, peaks depend on where the chunks were cut.
 *
 * <p>The peak schema holds one area and saturation flag per channel, so the plugin is built for a
 * channel count ({@link #Peaks(int)}); {@code n_channels} and {@code to_pe} must agree with it.
 */
public final class Peaks extends ChunkPlugin {
  public static final String TYPE = "peaks";

  private final int nChannels;

  /** Peaks for 250 channels, as the reference detector. */
  public Peaks() {
    this(250);
  }

  public Peaks(int nChannels) {
    super(PluginSpec.builder("Peaks").version("1")
        .provides(TYPE, ChainSchemas.peaks(nChannels))
        .dependsOn(Hits.TYPE, Records.TYPE)
        .options(ChainOptions.TO_PE, ChainOptions.N_CHANNELS, ChainOptions.GAP_THRESHOLD, ChainOptions.LEFT_EXTENSION,
            ChainOptions.RIGHT_EXTENSION, ChainOptions.MIN_AREA, ChainOptions.MIN_CHANNELS, ChainOptions.MAX_DURATION,
            ChainOptions.N_TOP_CHANNELS)
        .build());
    this.nChannels = nChannels;
  }

  @Override
  public Outputs compute(ChunkInput in) {
    long configured = in.option(ChainOptions.N_CHANNELS);
    double[] toPe = in.option(ChainOptions.TO_PE);
    if (configured != nChannels) {
      throw new ConfigurationException("n_channels is " + configured + " but this peaks plugin was built for " + nChannels
          + " channels; use new Peaks(" + configured + ")");
    }
    if (toPe.length != nChannels) {
      throw new ConfigurationException("to_pe has " + toPe.length + " gains but there are n_channels = " + nChannels + " channels");
    }
    long nTopChannels = in.option(ChainOptions.N_TOP_CHANNELS);
    if (nTopChannels > nChannels) {
      throw new ConfigurationException("option 'n_top_channels' is " + nTopChannels + " but n_channels is " + nChannels
          + "; the top array is channels 0 .. n_top_channels - 1, so n_top_channels must be at most n_channels");
    }
    Table records = in.table(Records.TYPE);
    HitList hits = HitList.of(in.table(Hits.TYPE)).sortedByTime();
    Schema schema = schema(TYPE);
    PeakBuilding.Params params = new PeakBuilding.Params(toPe, in.option(ChainOptions.GAP_THRESHOLD),
        in.option(ChainOptions.LEFT_EXTENSION), in.option(ChainOptions.RIGHT_EXTENSION), in.option(ChainOptions.MIN_AREA),
        Math.toIntExact(in.option(ChainOptions.MIN_CHANNELS)), in.option(ChainOptions.MAX_DURATION));
    PeakBuilding.Found found = PeakBuilding.findPeaks(hits, params, schema, nChannels);
    PeakBuilding.clip(found.peaks(), in.start(), in.end());
    int nTop = (int) nTopChannels;
    SumWaveform.compute(found, hits, records, toPe, nTop);
    PeakProperties.compute(found.peaks(), nTop);
    return Outputs.of(TYPE, found.peaks());
  }
}
