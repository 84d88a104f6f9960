package org.strand.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.strand.core.Chunk;
import org.strand.core.Table;
import org.strand.plugin.RunInfo;
import org.strand.plugin.SourceRun;

/**
 * One run of the {@link RawRecordsGenerator}: its layout (chunk boundaries and record counts,
 * computed when the run is opened) and its chunks, each generated on demand from its own random
 * streams. Also gives the truth: the events put into each chunk.
 *
 * <p>Immutable and thread-safe: {@link #chunk(int)} may be called from several threads at once,
 * in any order, and always returns the same data for the same index.
 */
public final class GeneratedRun implements SourceRun {
  private final String runId;
  private final GeneratorSettings settings;
  private final long runHash;
  private final long[] bounds;
  private final long[] records;
  private final RunInfo info;
  private final int[][] baselines;

  GeneratedRun(String runId, GeneratorSettings settings) {
    this.runId = Objects.requireNonNull(runId, "runId");
    this.settings = settings;
    this.runHash = RandomDraws.hashRunId(runId);
    long start = GeneratorSettings.RUN_START;
    long end = start + settings.durationNs();
    int n = Math.toIntExact((settings.durationNs() + settings.chunkNs() - 1) / settings.chunkNs());
    bounds = new long[n + 1];
    for (int i = 0; i < n; i++) {
      bounds[i] = start + (long) i * settings.chunkNs();
    }
    bounds[n] = end;
    records = new long[n];
    long total = 0;
    for (int i = 0; i < n; i++) {
      PulseList pulses = new PulseList();
      EventPlanner.addEvents(settings, runHash, i, bounds[i], bounds[i + 1], pulses, false);
      records[i] = pulses.records() + EventPlanner.darkCount(settings, runHash, i, bounds[i], bounds[i + 1]);
      total += records[i];
    }
    info = new RunInfo(runId, start, end, total * ChainSchemas.RAW_RECORDS.rowBytes());
    baselines = WaveformWriter.baselines(settings, runHash);
  }

  @Override
  public RunInfo info() {
    return info;
  }

  @Override
  public int chunkCount() {
    return records.length;
  }

  /** The time range of chunk {@code index}: {start, end}. */
  public long[] chunkRange(int index) {
    Objects.checkIndex(index, records.length);
    return new long[] {bounds[index], bounds[index + 1]};
  }

  /** The number of raw records chunk {@code index} holds, known without generating it. */
  public long chunkRecords(int index) {
    Objects.checkIndex(index, records.length);
    return records[index];
  }

  @Override
  public Chunk chunk(int index) {
    Objects.checkIndex(index, records.length);
    long start = bounds[index];
    long end = bounds[index + 1];
    PulseList pulses = new PulseList();
    EventPlanner.addEvents(settings, runHash, index, start, end, pulses, true);
    int eventPulses = pulses.size;
    EventPlanner.addDarkPulses(settings, runHash, index, start, end, pulses);
    SplittableRandom render = RandomDraws.stream(settings.seed(), runHash, index, EventPlanner.STREAM_RENDER);
    Table table = WaveformWriter.write(pulses, eventPulses, baselines, render);
    if (table.rows() != records[index]) {
      throw new IllegalStateException("generated run " + runId + " chunk " + index + " has " + table.rows()
          + " records but its layout counted " + records[index]);
    }
    return Chunk.of(runId, RawRecordsGenerator.TYPE, start, end, table);
  }

  /** The events generated into chunk {@code index}, in time order (cheap: no waveforms). */
  public List<GeneratedEvent> events(int index) {
    Objects.checkIndex(index, records.length);
    return EventPlanner.addEvents(settings, runHash, index, bounds[index], bounds[index + 1], new PulseList(), false);
  }

  /** Every generated event of the run, in time order. */
  public List<GeneratedEvent> events() {
    List<GeneratedEvent> all = new ArrayList<>();
    for (int i = 0; i < records.length; i++) {
      all.addAll(events(i));
    }
    return all;
  }
}
