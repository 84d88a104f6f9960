package org.strand.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.strand.processing.RunReport;
import org.strand.processing.StageReport;
import org.strand.storage.InMemoryStorage;
import org.strand.testing.ToyPlugins;

class RunReportTest {
  @Test
  void report_countsChunksRowsAndBytesPerStage() {
    Context ctx = Context.of(ToyPlugins.all()).withStorage(new InMemoryStorage());
    RunReport r = ctx.make("000003", List.of("running"));
    long pulses = ctx.get("000003", "pulses").table().rows();
    StageReport source = r.stage("source 'ToySource'");
    StageReport scaled = r.stage("plugin 'Scaled'");
    StageReport running = r.stage("plugin 'Running'");
    StageReport saver = r.stage("saver of 'running'");
    assertEquals(6, source.chunks());
    assertEquals(pulses, source.rowsOut());
    assertEquals(pulses, scaled.rowsIn());
    assertEquals(pulses, scaled.rowsOut());
    assertEquals(pulses * ToyPlugins.PULSES.rowBytes(), scaled.bytesOut());
    assertEquals(pulses, running.rowsOut());
    assertEquals(6, saver.chunks());
    assertEquals(source.bytesOut(), r.inputBytes());
    assertTrue(r.completed());
    assertTrue(r.wallNanos() > 0 && r.megabytesPerSecond() > 0);
    assertTrue(scaled.cpuNanos() >= 0 && scaled.wallNanos() > 0);
  }

  @Test
  void report_printsATableAndJson() {
    RunReport r = Context.of(ToyPlugins.all()).make("000003", List.of("scaled"));
    assertThat(r.toTable()).contains("stage", "wall s", "plugin 'Scaled'", "run 000003: single processor, 1 thread", "MB/s");
    assertThat(r.toJson()).contains("\"run_id\":\"000003\"", "\"stages\":[", "\"stage\":\"plugin 'Scaled'\"", "\"chunks\":6");
  }

  @Test
  void singleThreaded_longRun_buffersAFewChunksPerStage() {
    Context ctx = Context.of(ToyPlugins.all()).withOptions(java.util.Map.of("toy_chunks", 3000, "toy_rows", 4));
    RunReport r = ctx.make("000004", List.of("paired", "cluster_sums", "odd"));
    assertEquals(3000, r.stage("source 'ToySource'").chunks());
    for (StageReport s : r.stages()) {
      assertTrue(s.peakInFlight() <= 3, s.stage() + " buffered " + s.peakInFlight() + " chunks");
    }
  }
}
