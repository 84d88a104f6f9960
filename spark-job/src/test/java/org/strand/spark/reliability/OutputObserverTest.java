package org.strand.spark.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The observer the fault tests rely on sees what they claim never happens: a run directory
 * filled file by file, and an entry whose directory is missing. Without this, a fault test that
 * passes might only mean the observer is blind.
 */
@Tag("reliability")
class OutputObserverTest {
  @TempDir
  Path root;

  private static final String ENTRY = """
      {"type":"peaks","run_id":"000001","lineage":"abc","files":[
        {"name":"part-00000.parquet","bytes":3},{"name":"part-00001.parquet","bytes":3}]}""";

  @Test
  void runDirectoryFilledFileByFile_isReportedAsSeenPartially() throws Exception {
    try (OutputObserver o = OutputObserver.watch(root)) {
      Path run = Files.createDirectories(root.resolve("peaks/lineage=abc/run_id=000001"));
      Files.writeString(run.resolve("part-00000.parquet"), "abc");
      Thread.sleep(300);
      Files.writeString(run.resolve("part-00001.parquet"), "def");
      Files.createDirectories(root.resolve("_strand/runs/peaks/abc"));
      Files.writeString(root.resolve("_strand/runs/peaks/abc/000001.json"), ENTRY);
      List<String> v = o.finish();
      assertThat(v).anyMatch(s -> s.contains("run_id=000001 was seen holding {part-00000.parquet=3}"));
    }
  }

  @Test
  void entryWithoutItsDirectory_andAVanishedRun_areReported() throws Exception {
    try (OutputObserver o = OutputObserver.watch(root)) {
      Path run = Files.createDirectories(root.resolve("hits/lineage=x/run_id=000002"));
      Files.writeString(run.resolve("part-00000.parquet"), "abc");
      Thread.sleep(200);
      Files.delete(run.resolve("part-00000.parquet"));
      Files.delete(run);
      Files.createDirectories(root.resolve("_strand/runs/peaks/abc"));
      Files.writeString(root.resolve("_strand/runs/peaks/abc/000001.json"), ENTRY);
      Thread.sleep(200);
      List<String> v = o.finish();
      assertThat(v).anyMatch(s -> s.contains("run_id=000002 was visible before and is gone"));
      assertThat(v).anyMatch(s -> s.contains("the manifest lists peaks/lineage=abc/run_id=000001 but its directory is not there"));
    }
  }
}
