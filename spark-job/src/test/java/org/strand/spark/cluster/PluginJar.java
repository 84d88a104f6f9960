package org.strand.spark.cluster;

import java.io.IOException;
import java.nio.file.Path;
import org.strand.spark.PluginJars;

/** A user's plugin in a jar of its own, compiled at test time against strand's API. */
final class PluginJar {
  static final String CLASS = "com.example.cluster.AreaSquared";
  static final String TYPE = "area_squared";
  static final String VERSION = "3";

  private static final String SOURCE = """
      package com.example.cluster;

      import org.strand.core.*;
      import org.strand.plugin.*;

      public final class AreaSquared extends ChunkPlugin {
        static final Schema SCHEMA = Schema.builder()
            .scalar("time", FieldType.INT64, "").scalar("endtime", FieldType.INT64, "")
            .scalar("area_squared", FieldType.FLOAT64, "the peak's area squared [PE^2]").build();

        public AreaSquared() {
          super(PluginSpec.builder("AreaSquared").version("3").provides("area_squared", SCHEMA).dependsOn("peak_basics").build());
        }

        @Override
        public Outputs compute(ChunkInput in) {
          Table p = in.table("peak_basics");
          Table out = Table.allocate(SCHEMA, p.rows());
          System.arraycopy(p.longs("time"), 0, out.longs("time"), 0, p.rows());
          System.arraycopy(p.longs("endtime"), 0, out.longs("endtime"), 0, p.rows());
          float[] area = p.floats("area");
          double[] squared = out.doubles("area_squared");
          for (int i = 0; i < p.rows(); i++) {
            squared[i] = (double) area[i] * area[i];
          }
          return Outputs.of("area_squared", out);
        }
      }
      """;

  private PluginJar() {}

  /** Compiles the plugin and packs it, declared as a service, into {@code dir/area-squared.jar}. */
  static Path build(Path dir) throws IOException {
    return PluginJars.build(dir, "area-squared.jar", CLASS, SOURCE, LoopbackCluster.Repository.testClassPath());
  }
}
