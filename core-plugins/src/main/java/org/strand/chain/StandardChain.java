package org.strand.chain;

import java.util.List;
import org.strand.core.Schema;
import org.strand.plugin.Plugin;
import org.strand.plugin.SourcePlugin;

/**
 * The standard chain as one list of plugins:
 * {@code raw_records -> records -> hits -> peaks -> peak_basics -> events -> event_basics}.
 *
 * <pre>{@code
 * Context ctx = Context.of(StandardChain.plugins());
 * Table events = ctx.get("000001", "event_basics").table();
 * }</pre>
 */
public final class StandardChain {
  private StandardChain() {}

  /** Every standard plugin, with the synthetic {@link RawRecordsGenerator} as the source. */
  public static List<Plugin> plugins() {
    return plugins(new RawRecordsGenerator());
  }

  /**
   * Every standard plugin reading raw records from {@code source}, which must provide
   * {@code raw_records} with the {@link ChainSchemas#RAW_RECORDS} field layout (a strax-format
   * reader, say). Peaks are built for 250 channels.
   *
   * @throws IllegalArgumentException if the source provides another type or schema
   */
  public static List<Plugin> plugins(SourcePlugin source) {
    return plugins(source, 250);
  }

  /** As {@link #plugins(SourcePlugin)}, for a detector of {@code nChannels} channels. */
  public static List<Plugin> plugins(SourcePlugin source, int nChannels) {
    if (!source.type().equals(RawRecordsGenerator.TYPE)) {
      throw new IllegalArgumentException("source plugin '" + source.name() + "' provides '" + source.type()
          + "'; the standard chain reads '" + RawRecordsGenerator.TYPE + "'");
    }
    if (!source.schema(source.type()).sameLayout(ChainSchemas.RAW_RECORDS)) {
      throw new IllegalArgumentException("source plugin '" + source.name() + "' provides raw_records as "
          + source.schema(source.type()) + "; the standard chain needs " + ChainSchemas.RAW_RECORDS);
    }
    return List.of(source, new Records(), new Hits(), new Peaks(nChannels), new PeakBasics(), new Events(), new EventBasics());
  }
}
