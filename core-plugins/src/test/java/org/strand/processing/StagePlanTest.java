package org.strand.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.strand.context.Context;
import org.strand.context.SavePolicy;
import org.strand.plugin.Plugin;
import org.strand.testing.TestStorage;
import org.strand.testing.ToyPlugins;

/** Which steps the threaded processor fuses into one task per chunk, and what leaves each stage. */
class StagePlanTest {
  private static final String RUN = "000003";

  private static Map<String, StagePlan.Stage> stages(Context ctx, List<String> targets, List<String> delivered) {
    try (RunPlan plan = ctx.plan(RUN, targets)) {
      ReportRecorder recorder = new ReportRecorder(plan, "threaded", 1);
      Map<String, Saver> savers = new LinkedHashMap<>();
      for (RunPlan.Step s : plan.steps()) {
        for (String t : s.saved()) {
          savers.put(t, Saver.open(plan, s, t, recorder));
        }
      }
      Map<String, StagePlan.Stage> out = new LinkedHashMap<>();
      for (StagePlan.Stage st : StagePlan.of(plan, delivered, savers)) {
        out.put(st.label(), st);
      }
      savers.values().forEach(Saver::abort);
      return out;
    }
  }

  private static List<String> members(StagePlan.Stage s) {
    return s.members().stream().map(RunPlan.Step::label).collect(Collectors.toList());
  }

  @Test
  void toyGraph_singleInputChunkPluginsJoinTheSourceStage_othersStandAlone() {
    Context ctx = Context.of(ToyPlugins.all()).withStorage(new TestStorage()).withSavePolicy(SavePolicy.allComputed());
    List<String> targets = List.of("paired", "cluster_sums", "odd");
    Map<String, StagePlan.Stage> st = stages(ctx, targets, targets);

    assertEquals(List.of("source 'ToySource'", "plugin 'Running'", "plugin 'Paired'", "plugin 'Clusters'",
        "plugin 'ClusterSums'"), new ArrayList<>(st.keySet()));
    StagePlan.Stage source = st.get("source 'ToySource'");
    assertEquals(StagePlan.Kind.READ, source.kind());
    assertEquals(List.of("plugin 'Scaled'", "plugin 'EvenOdd'"), members(source));
    assertEquals(Set.of("scaled", "even", "odd"), source.savedInside());
    // pulses leaves as the root's output and for Clusters; scaled for Running, Paired and ClusterSums;
    // odd for its consumer; even is saved inside and read by nobody outside.
    assertEquals(Set.of("pulses", "scaled", "odd"), source.exported());
    assertEquals(StagePlan.Kind.SEQUENTIAL, st.get("plugin 'Running'").kind());
    assertEquals(StagePlan.Kind.PARALLEL, st.get("plugin 'Paired'").kind());
    assertEquals(Set.of("paired"), st.get("plugin 'Paired'").savedInside());
    assertEquals(StagePlan.Kind.SEQUENTIAL, st.get("plugin 'Clusters'").kind());
    assertEquals(Set.of(), st.get("plugin 'Clusters'").savedInside(), "sequential outputs are saved outside the stage");
    assertEquals(StagePlan.Kind.PARALLEL, st.get("plugin 'ClusterSums'").kind());
  }

  @Test
  void channelParallelPlugin_rootsItsOwnStage_andChunkPluginsFuseAfterIt() {
    List<Plugin> plugins = new ArrayList<>(ToyPlugins.all());
    plugins.set(1, new ToyPlugins.Scaled(true));
    Context ctx = Context.of(plugins).withPlugins(new org.strand.testing.GraphToys.MapNode("after", "scaled", 3, false, 1, 0));
    Map<String, StagePlan.Stage> st = stages(ctx, List.of("after"), List.of("after"));
    assertEquals(List.of(), members(st.get("source 'ToySource'")));
    StagePlan.Stage scaled = st.get("plugin 'Scaled'");
    assertEquals(StagePlan.Kind.CHANNEL, scaled.kind());
    assertEquals(List.of("plugin 'after'"), members(scaled));
    assertEquals(Set.of("scaled", "after"), scaled.exported());
  }

  @Test
  void rechunkingWriter_isNotFused_itsTypeLeavesTheStage() {
    Context ctx = Context.of(ToyPlugins.all()).withStorage(new TestStorage().rechunking())
        .withSavePolicy(SavePolicy.listed(List.of("even")));
    Map<String, StagePlan.Stage> st = stages(ctx, List.of("odd"), List.of("odd"));
    StagePlan.Stage source = st.get("source 'ToySource'");
    assertEquals(List.of("plugin 'EvenOdd'"), members(source));
    assertEquals(Set.of(), source.savedInside());
    assertEquals(Set.of("pulses", "even", "odd"), source.exported());
  }

  @Test
  void loadedType_rootsAReadStage_withItsReadersFused() {
    TestStorage storage = new TestStorage();
    Context ctx = Context.of(ToyPlugins.all()).withStorage(storage);
    ctx.withSavePolicy(SavePolicy.listed(List.of("scaled"))).make(RUN, List.of("scaled"));
    Context more = ctx.withPlugins(new org.strand.testing.GraphToys.MapNode("after", "scaled", 3, false, 1, 0));
    Map<String, StagePlan.Stage> st = stages(more, List.of("after"), List.of("after"));
    StagePlan.Stage loader = st.get("loader of 'scaled'");
    assertEquals(StagePlan.Kind.READ, loader.kind());
    assertEquals(List.of("plugin 'after'"), members(loader));
  }
}
