package org.strand.spark;

import java.util.Map;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * Starts the {@link Warmup} on each executor as it starts (set in {@code spark.plugins} by the
 * job unless {@code spark.strand.warmup=false}).
 */
public final class WarmupPlugin implements SparkPlugin {
  @Override
  public DriverPlugin driverPlugin() {
    return null;
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new ExecutorPlugin() {
      @Override
      public void init(PluginContext ctx, Map<String, String> extraConf) {
        if (ctx.conf().getBoolean(Warmup.ENABLED, true)) {
          Warmup.start(ctx.conf().get(Warmup.KIND, "parquet,single"));
        }
      }
    };
  }
}
