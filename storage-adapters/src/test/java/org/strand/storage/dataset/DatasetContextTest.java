package org.strand.storage.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.strand.context.Context;
import org.strand.context.SavePolicy;
import org.strand.core.Table;
import org.strand.processing.RunPlan;
import org.strand.testing.ToyPlugins;

/** A context saves its targets to a dataset root and, planning again, loads them instead of computing. */
class DatasetContextTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(DatasetFormat.class)
  void context_savesTargets_thenLoadsThemWithTheSameValues(DatasetFormat format) {
    DatasetStorage storage = DatasetTestSupport.open(tmp, DatasetOptions.defaults(format));
    Context computing = Context.of(ToyPlugins.all());
    Context storing = computing.withStorage(storage).withSavePolicy(SavePolicy.listed(List.of("running", "clusters")));
    List<String> targets = List.of("running", "clusters");
    storing.make("000007", targets);

    try (RunPlan plan = storing.plan("000007", targets)) {
      for (RunPlan.Step s : plan.steps()) {
        assertEquals(RunPlan.Action.LOAD, s.action(), "after saving, " + s.label() + " is loaded");
      }
    }
    for (String type : targets) {
      Table expected = computing.get("000007", type).table();
      Table loaded = storing.get("000007", type).table();
      assertTrue(expected.contentEquals(loaded), type + " differs at row " + expected.firstDifference(loaded));
    }
    assertEquals(2, storage.entries().size());
    assertTrue(storage.entries().stream().allMatch(e -> e.runId().equals("000007")));
  }
}
