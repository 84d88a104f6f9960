package org.strand.chain;

import org.strand.core.Table;
import org.strand.plugin.ChunkInput;
import org.strand.plugin.ChunkPlugin;
import org.strand.plugin.Outputs;
import org.strand.plugin.PluginSpec;

/**
 * {@code records} from {@code raw_records}: strax's raw_to_records, baseline (from the first
 * {@code baseline_samples} samples of each pulse's first record, carried to its later records,
 * flipped when {@code flip}) and integrate. One record per raw record, in the same order.
 *
 * <p>Channel-parallel: channels are independent, and the output keeps the input's (time,
 * channel) order.
 */
public final class Records extends ChunkPlugin {
  public static final String TYPE = "records";

  public Records() {
    super(PluginSpec.builder("Records").version("1")
        .provides(TYPE, ChainSchemas.RECORDS)
        .dependsOn(RawRecordsGenerator.TYPE)
        .options(ChainOptions.BASELINE_SAMPLES, ChainOptions.FLIP)
        .channelParallel("channel")
        .build());
  }

  @Override
  public Outputs compute(ChunkInput in) {
    Table raw = in.table(RawRecordsGenerator.TYPE);
    int baselineSamples = Math.toIntExact(in.option(ChainOptions.BASELINE_SAMPLES));
    String where = "run " + in.runId() + ", raw_records chunk " + in.index() + " [" + in.start() + ", " + in.end() + ")";
    return Outputs.of(TYPE, PulseProcessing.toRecords(raw, baselineSamples, in.option(ChainOptions.FLIP), where));
  }
}
