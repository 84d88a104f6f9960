package org.strand.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.strand.core.Table;
import org.strand.testing.ToyPlugins;

class ContextSmokeTest {
  @Test
  void toyGraph_singleThreaded_producesEveryType() {
    Context ctx = Context.of(ToyPlugins.all());
    for (String type : List.of("pulses", "scaled", "running", "clusters", "cluster_sums", "even", "odd", "paired")) {
      Context.TableResult r = ctx.get("000001", type);
      assertTrue(r.table().rows() > 0, type);
      assertTrue(r.report().completed(), type);
    }
    Table pulses = ctx.get("000001", "pulses").table();
    Table clusters = ctx.get("000001", "clusters").table();
    Table oracle = ToyPlugins.Clusters.cluster(pulses, 3000);
    assertEquals(oracle.rows(), clusters.rows());
  }
}
