package org.strand.chain;

import org.strand.core.Table;
import org.strand.plugin.ChunkInput;
import org.strand.plugin.ChunkPlugin;
import org.strand.plugin.Outputs;
import org.strand.plugin.PluginSpec;

/**
 * {@code hits} from {@code records}: strax's find_hits (runs of samples at or above
 * {@code hit_min_amplitude} inside one record), sorted like strax's sort_by_time (by time, then
 * channel, stably), with integration bounds from find_hit_integration_bounds:
 * {@code left_extension} ns before and {@code right_extension} ns after each hit, never into the
 * next hit of the channel nor into what the previous one integrates, allowed beyond the record.
 *
 * <p>{@code record_i} indexes the records of the same chunk, so hits must be used with records
 * chunked the same way (as the chain does: no rechunking between records and peaks).
 */
public final class Hits extends ChunkPlugin {
  public static final String TYPE = "hits";

  public Hits() {
    super(PluginSpec.builder("Hits").version("1")
        .provides(TYPE, ChainSchemas.HITS)
        .dependsOn(Records.TYPE)
        .options(ChainOptions.HIT_MIN_AMPLITUDE, ChainOptions.N_CHANNELS, ChainOptions.LEFT_EXTENSION,
            ChainOptions.RIGHT_EXTENSION)
        .build());
  }

  @Override
  public Outputs compute(ChunkInput in) {
    Table records = in.table(Records.TYPE);
    Table hits = PulseProcessing.findHits(records, Math.toIntExact(in.option(ChainOptions.HIT_MIN_AMPLITUDE)),
        Math.toIntExact(in.option(ChainOptions.N_CHANNELS)), in.option(ChainOptions.LEFT_EXTENSION),
        in.option(ChainOptions.RIGHT_EXTENSION));
    return Outputs.of(TYPE, hits);
  }
}
