package org.strand.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.strand.plugin.ByRun;
import org.strand.processing.RunPlan;
import org.strand.processing.RunReport;
import org.strand.storage.DataKey;
import org.strand.storage.InMemoryStorage;
import org.strand.testing.ToyPlugins;

class PlanTest {
  static final List<String> EVERYTHING = List.of("paired", "cluster_sums", "even");

  static Map<String, RunPlan.Action> actions(RunPlan plan) {
    return plan.types().stream().collect(Collectors.toMap(t -> t, t -> plan.producer(t).action()));
  }

  @Test
  void plan_withNothingStored_computesEveryTypeInDependencyOrder() {
    Context ctx = Context.of(ToyPlugins.all()).withStorage(new InMemoryStorage());
    try (RunPlan plan = ctx.plan("000001", EVERYTHING)) {
      assertTrue(actions(plan).values().stream().allMatch(a -> a == RunPlan.Action.COMPUTE));
      List<String> order = plan.steps().stream().map(s -> s.outputs().get(0)).toList();
      assertTrue(order.indexOf("pulses") < order.indexOf("scaled"));
      assertTrue(order.indexOf("scaled") < order.indexOf("running"));
      assertTrue(order.indexOf("running") < order.indexOf("paired"));
      assertTrue(order.indexOf("clusters") < order.indexOf("cluster_sums"));
      assertEquals(java.util.Set.copyOf(EVERYTHING), plan.savedTypes());
    }
  }

  @Test
  void plan_afterSavingIntermediates_loadsThemAndSkipsTheirAncestors() {
    InMemoryStorage storage = new InMemoryStorage();
    Context ctx = Context.of(ToyPlugins.all()).withStorage(storage)
        .withSavePolicy(SavePolicy.listed(List.of("scaled", "running", "clusters")));
    RunReport first = ctx.make("000001", List.of("running", "clusters"));
    assertTrue(first.completed());
    assertEquals(3, storage.keys().size());

    try (RunPlan plan = ctx.plan("000001", EVERYTHING)) {
      Map<String, RunPlan.Action> a = actions(plan);
      assertEquals(RunPlan.Action.LOAD, a.get("scaled"));
      assertEquals(RunPlan.Action.LOAD, a.get("running"));
      assertEquals(RunPlan.Action.LOAD, a.get("clusters"));
      assertEquals(RunPlan.Action.COMPUTE, a.get("paired"));
      assertEquals(RunPlan.Action.COMPUTE, a.get("even"));
      assertEquals(RunPlan.Action.COMPUTE, a.get("pulses"), "needed by even");
      String explain = plan.explain();
      assertThat(explain).contains("run 000001", "storage memory");
      assertThat(explain).containsPattern("running\\s+load\\s+" + plan.lineage("running").hash());
      assertThat(explain).containsPattern("paired\\s+compute\\s+" + plan.lineage("paired").hash() + "\\s+Paired v1 <- scaled, running");
      assertThat(explain).contains("from memory:000001-running-" + plan.lineage("running").hash());
    }

    // A stored type whose lineage changed (option upstream) is recomputed, with its descendants.
    Context changed = ctx.withOption("scale_factor", 3.0);
    try (RunPlan plan = changed.plan("000001", EVERYTHING)) {
      Map<String, RunPlan.Action> a = actions(plan);
      assertEquals(RunPlan.Action.COMPUTE, a.get("scaled"));
      assertEquals(RunPlan.Action.COMPUTE, a.get("running"));
      assertEquals(RunPlan.Action.LOAD, a.get("clusters"), "clusters does not depend on scale_factor");
      assertThat(plan.explain()).containsPattern("clusters\\s+load");
    }
  }

  @Test
  void loadedData_equalsComputedData() {
    InMemoryStorage storage = new InMemoryStorage();
    Context ctx = Context.of(ToyPlugins.all()).withStorage(storage).withSavePolicy(SavePolicy.allComputed());
    var computed = ctx.get("000002", "paired").table();
    try (RunPlan plan = ctx.plan("000002", List.of("paired"))) {
      assertEquals(RunPlan.Action.LOAD, plan.producer("paired").action());
    }
    var loaded = ctx.get("000002", "paired").table();
    assertTrue(loaded.contentEquals(computed));
    assertTrue(storage.keys().stream().noneMatch(k -> k.type().equals("pulses")), "source output is input, not saved by ALL");
  }

  @Test
  void lineage_optionChange_changesThatTypeAndDownstreamOnly() {
    Context base = Context.of(ToyPlugins.all());
    Context changed = base.withOption("scale_factor", 5.0);
    for (String t : List.of("pulses", "clusters", "even", "odd")) {
      assertEquals(base.lineage("000001", t).hash(), changed.lineage("000001", t).hash(), t);
    }
    for (String t : List.of("scaled", "running", "paired", "cluster_sums")) {
      assertNotEquals(base.lineage("000001", t).hash(), changed.lineage("000001", t).hash(), t);
    }
  }

  @Test
  void lineage_untrackedOption_doesNotChangeIt() {
    Context base = Context.of(ToyPlugins.all());
    assertEquals(base.lineage("000001", "scaled").hash(),
        base.withOption("delay_scaled_ms", 1).lineage("000001", "scaled").hash());
  }

  @Test
  void lineage_perRunOptionValues_differByRunAndEnterTheLineage() {
    Context ctx = Context.of(ToyPlugins.all())
        .withOption("scale_factor", ByRun.fromRuns(Map.of("000000", 2.0, "000100", 4.0)));
    Context fixed = Context.of(ToyPlugins.all());
    assertEquals(fixed.lineage("000050", "scaled").hash(), ctx.lineage("000050", "scaled").hash(), "2.0 is the default");
    assertNotEquals(fixed.lineage("000150", "scaled").hash(), ctx.lineage("000150", "scaled").hash());
    float[] pulses = ctx.get("000150", "pulses").table().floats("value");
    float[] scaled = ctx.get("000150", "scaled").table().floats("value");
    for (int i = 0; i < pulses.length; i++) {
      assertEquals((float) (pulses[i] * 4.0), scaled[i]);
    }
    assertEquals(4.0, ctx.lineage("000150", "scaled").options().get("scale_factor"));
  }

  @Test
  void storedUnderOtherLineage_isNotFound() {
    InMemoryStorage storage = new InMemoryStorage();
    Context ctx = Context.of(ToyPlugins.all()).withStorage(storage);
    ctx.make("000001", List.of("scaled"));
    String hash = ctx.lineage("000001", "scaled").hash();
    assertTrue(storage.find(new DataKey("000001", "scaled", hash)).isPresent());
    try (RunPlan plan = ctx.withOption("scale_factor", 9.0).plan("000001", List.of("scaled"))) {
      assertEquals(RunPlan.Action.COMPUTE, plan.producer("scaled").action());
    }
  }
}
