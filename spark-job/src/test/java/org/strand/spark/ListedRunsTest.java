package org.strand.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strand.chain.RawRecordsGenerator;
import org.strand.context.Context;
import org.strand.context.SavePolicy;
import org.strand.core.ConfigurationException;
import org.strand.processing.RunPlan;
import org.strand.spark.testing.StraxCopies;
import org.strand.storage.chunkstore.ChunkStore;
import org.strand.storage.chunkstore.ChunkStoreOptions;
import org.strand.storage.testing.SharedData;

/**
 * Listing a job's runs records, per input root (strax directory or chunk store), the lineage
 * each run's raw_records were found under, so that planning and processing open the run's
 * directory by name: a run held under one lineage (or under the chosen one) is recorded in the
 * first root holding it; a run held there under several, when none was chosen, is not (planning
 * refuses it, as before).
 *
 * <p>Root {@code first} holds 000001 under two lineages and 000002 under one; root
 * {@code second} holds 000002 and 000003.
 */
class ListedRunsTest {
  private static final String HASH = "aefc63wawj";
  private static final String OTHER = "zz0other00";

  @TempDir static Path dir;
  static Path first;
  static Path second;

  @BeforeAll
  static void roots() throws IOException {
    Path reference = SharedData.reference("strax-small/strax_data");
    first = Files.createDirectories(dir.resolve("first"));
    second = Files.createDirectories(dir.resolve("second"));
    StraxCopies.copyRun(reference, "000001", first, "000001");
    StraxCopies.copyRunUnderHash(reference, "000001", first, OTHER);
    StraxCopies.copyRun(reference, "000001", first, "000002");
    StraxCopies.copyRun(reference, "000001", second, "000002");
    StraxCopies.copyRun(reference, "000001", second, "000003");
  }

  private static Components.Selection select(String lineage, List<String> requested) {
    Configuration conf = new Configuration();
    JobSpec spec = new JobSpec(dir.resolve("out").toString(), "parquet",
        JobSpec.Input.of(List.of(first.toString(), second.toString()), lineage), List.of("records"), Map.of(), null, List.of(),
        1, "single", 0, false, List.of());
    return Components.select(Components.resolveInput(spec, conf), requested, conf);
  }

  private static List<Map<String, String>> listed(Components.Selection s) {
    return listed(s.spec());
  }

  private static List<Map<String, String>> listed(JobSpec spec) {
    return spec.input().roots().stream().map(JobSpec.InputRoot::listed).toList();
  }

  @Test
  void noLineageChosen_runsHeldUnderOneLineageAreListedPerRoot() {
    Components.Selection s = select(null, List.of());
    assertEquals(List.of("000001", "000002", "000003"), s.runs().stream().map(RunScheduler.SizedRun::runId).toList());
    assertEquals(List.of(Map.of("000002", HASH), Map.of("000003", HASH)), listed(s),
        "000001 has two lineages in the first root: not listed, so planning refuses it as before; "
            + "000002 is read from the first root, so the second does not list it");
  }

  @Test
  void lineageChosen_runsHoldingItAreListedWithIt() {
    Components.Selection s = select(OTHER, List.of());
    assertEquals(List.of("000001"), s.runs().stream().map(RunScheduler.SizedRun::runId).toList());
    assertEquals(List.of(Map.of("000001", OTHER), Map.of()), listed(s));
  }

  @Test
  void aRunsTask_keepsWhatTheListingFoundOfThatRunOnly() {
    JobSpec spec = select(null, List.of()).spec();
    assertEquals(List.of(Map.of(), Map.of("000003", HASH)), listed(spec.listedFor("000003")));
    assertEquals(List.of(Map.of(), Map.of()), listed(spec.listedFor("000001")));
    assertEquals(spec.input().paths(), spec.listedFor("000003").input().paths());
  }

  @Test
  void requestedRuns_onlyTheyAreListed() {
    assertEquals(List.of(Map.of(), Map.of("000003", HASH)), listed(select(null, List.of("000003"))));
  }

  @Test
  void runGainingALineageAfterTheListing_isPlannedFromTheListedOne(@TempDir Path tmp) throws IOException {
    Path root = Files.createDirectories(tmp.resolve("strax"));
    StraxCopies.copyRun(SharedData.reference("strax-small/strax_data"), "000001", root, "000004");
    Configuration conf = new Configuration();
    JobSpec spec = new JobSpec(tmp.resolve("out").toString(), "parquet", JobSpec.Input.of(List.of(root.toString()), null),
        List.of("records"), Map.of(), null, List.of(), 1, "single", 0, false, List.of());
    JobSpec listed = Components.select(Components.resolveInput(spec, conf), List.of(), conf).spec();
    assertEquals(Map.of("000004", HASH), listed.input().roots().get(0).listed());

    // Written by strax between the job's listing and the run's planning.
    StraxCopies.copyRunUnderHash(root, "000004", root, OTHER);
    try (RunPlan plan = Components.context(listed, conf, 1).plan("000004", List.of("records"))) {
      assertEquals(HASH, plan.lineage("raw_records").hash(), "the lineage the job listed, whose directory is opened by name");
    }
    JobSpec unlisted = listed.withInput(listed.input().withRoots(List.of(listed.input().roots().get(0).withListed(Map.of()))));
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> Components.context(unlisted, conf, 1).plan("000004", List.of("records")));
    assertThat(e.getMessage()).as("a listing now finds both").contains("has 2 lineages");
  }

  @Test
  void chunkStoreRoot_itsRunsAreListedToo(@TempDir Path tmp) {
    Configuration conf = new Configuration();
    ChunkStore store = ChunkStore.open(new org.apache.hadoop.fs.Path(tmp.resolve("store").toUri()), conf, ChunkStoreOptions.defaults());
    Context generated = Context.of(new RawRecordsGenerator()).withOptions(Map.of(RawRecordsGenerator.RUN_SIZE_MB.name(), 0.2));
    generated.withStorage(store).withSavePolicy(SavePolicy.listed(List.of("raw_records"))).make("000005", List.of("raw_records"));
    String hash = generated.lineage("000005", "raw_records").hash();

    JobSpec spec = new JobSpec(tmp.resolve("out").toString(), "parquet", JobSpec.Input.of(List.of(tmp.resolve("store").toString()), null),
        List.of("records"), Map.of(), null, List.of(), 1, "single", 0, false, List.of());
    JobSpec listed = Components.select(Components.resolveInput(spec, conf), List.of(), conf).spec();
    assertEquals(Map.of("000005", hash), listed.input().roots().get(0).listed());
    try (RunPlan plan = Components.context(listed, conf, 1).plan("000005", List.of("records"))) {
      assertEquals(hash, plan.lineage("raw_records").hash());
    }
  }
}
