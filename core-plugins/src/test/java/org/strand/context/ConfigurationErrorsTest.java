package org.strand.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.strand.core.ConfigurationException;
import org.strand.core.FieldType;
import org.strand.core.Schema;
import org.strand.plugin.ChunkInput;
import org.strand.plugin.ChunkPlugin;
import org.strand.plugin.Outputs;
import org.strand.plugin.PluginSpec;
import org.strand.testing.ToyPlugins;

class ConfigurationErrorsTest {
  static final Schema S = Schema.builder().scalar("time", FieldType.INT64, "").scalar("endtime", FieldType.INT64, "").build();

  /** A plugin that provides {@code type} from {@code deps} and never computes anything useful. */
  static ChunkPlugin plugin(String name, String type, String... deps) {
    return new ChunkPlugin(PluginSpec.builder(name).version("1").provides(type, S).dependsOn(deps).build()) {
      @Override
      public Outputs compute(ChunkInput in) {
        return Outputs.of(type, org.strand.core.Table.empty(S));
      }
    };
  }

  @Test
  void unknownTarget_failsNamingItAndKnownTypes() {
    Context ctx = Context.of(ToyPlugins.all());
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> ctx.plan("000001", List.of("peaks")));
    assertThat(e.getMessage()).contains("unknown target 'peaks'", "pulses", "scaled");
  }

  @Test
  void missingDependency_failsWithTheChainThatNeedsIt() {
    Context ctx = Context.of(new ToyPlugins.Source(), plugin("Top", "top", "middle"), plugin("Middle", "middle", "absent"));
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> ctx.plan("000001", List.of("top")));
    assertThat(e.getMessage()).contains("no plugin provides 'absent'", "needed by Middle", "top -> middle -> absent");
  }

  @Test
  void cycle_failsNamingTheCycle() {
    Context ctx = Context.of(new ToyPlugins.Source(), plugin("A", "a", "b"), plugin("B", "b", "c"), plugin("C", "c", "a", "pulses"));
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> ctx.plan("000001", List.of("a")));
    assertThat(e.getMessage()).contains("dependency cycle: a -> b -> c -> a");
  }

  @Test
  void twoPluginsProvidingOneType_failNamingBoth() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> Context.of(plugin("First", "x", "pulses"), plugin("Second", "x", "pulses")));
    assertThat(e.getMessage()).contains("two plugins provide 'x'", "'First'", "'Second'");
  }

  @Test
  void withPlugins_replacesTheProviderOfAType() {
    Context ctx = Context.of(ToyPlugins.all()).withPlugins(plugin("OtherScaled", "scaled", "pulses"));
    assertThat(ctx.registry().provider("scaled").name()).isEqualTo("OtherScaled");
    assertThrows(ConfigurationException.class,
        () -> Context.of(ToyPlugins.all()).withPlugins(plugin("JustEven", "even", "pulses")));
  }

  @Test
  void unknownOption_failsNamingItAndKnownOptions() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> Context.of(ToyPlugins.all()).withOptions(Map.of("scale_factr", 3.0)));
    assertThat(e.getMessage()).contains("unknown option 'scale_factr'", "scale_factor");
  }

  @Test
  void optionOfWrongType_failsNamingOptionAndValue() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> Context.of(ToyPlugins.all()).withOptions(Map.of("toy_chunks", "many")));
    assertThat(e.getMessage()).contains("option 'toy_chunks'", "an integer", "'many'");
    ConfigurationException range = assertThrows(ConfigurationException.class,
        () -> Context.of(ToyPlugins.all()).withOption("toy_chunks", -1));
    assertThat(range.getMessage()).contains("must be >= 0");
  }

  @Test
  void invalidRunId_isAConfigurationError() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> Context.of(ToyPlugins.all()).plan("../etc", List.of("scaled")));
    assertThat(e.getMessage()).contains("invalid run id '../etc'");
  }

  @Test
  void savingUnknownType_fails() {
    Context ctx = Context.of(ToyPlugins.all()).withSavePolicy(SavePolicy.listed(List.of("nope")));
    assertThrows(ConfigurationException.class, () -> ctx.plan("000001", List.of("scaled")));
  }
}
