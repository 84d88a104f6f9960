package org.strand.storage.hdfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.strand.core.Chunk;
import org.strand.storage.DataWriter;
import org.strand.storage.Storage;
import org.strand.storage.StoredData;
import org.strand.storage.testing.SlowWriterMain;
import org.strand.storage.testing.TestData;

/**
 * A writer killed with SIGKILL in the middle of a run, in a child JVM: readers then see nothing,
 * or the version published before, whole; never a part of the new one.
 */
class KilledWriterTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource({"chunks,false", "chunks,true", "parquet,false", "parquet,true", "arrow,true"})
  void writerKilledMidRun_leavesNothingOrThePreviousVersion(String kind, boolean previousVersion) throws Exception {
    String root = tmp.toUri().toString();
    List<Chunk> previous = SlowWriterMain.chunks(1);
    if (previousVersion) {
      Storage s = SlowWriterMain.open(root, kind, false);
      DataWriter w = s.writer(SlowWriterMain.KEY, TestData.ALL_TYPES, SlowWriterMain.LINEAGE);
      for (int i = 0; i < previous.size(); i++) {
        w.write(i, previous.get(i));
      }
      w.commit();
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    // Arrow's memory layer needs java.nio opened, as in the parent test JVM.
    Process child = new ProcessBuilder(java, "--add-opens=java.base/java.nio=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        SlowWriterMain.class.getName(), root, kind, "true", "2").redirectErrorStream(true).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      boolean midRun = false;
      StringBuilder seen = new StringBuilder();
      while ((line = out.readLine()) != null) {
        seen.append(line).append('\n');
        if (line.equals("wrote 5")) {
          midRun = true;
          break;
        }
      }
      assertTrue(midRun, "the child reached the middle of its run; it printed:\n" + seen);
      child.destroyForcibly();
      assertTrue(child.waitFor(60, TimeUnit.SECONDS));
    } finally {
      child.destroyForcibly();
    }
    Storage reader = SlowWriterMain.open(root, kind, false);
    if (!previousVersion) {
      assertTrue(reader.find(SlowWriterMain.KEY).isEmpty(), "nothing of the killed writer is visible");
      assertTrue(!Files.exists(tmp.resolve(SlowWriterMain.KEY.toString())), "no chunk store key directory appeared");
      try (Stream<Path> s = Files.walk(tmp)) {
        assertTrue(s.noneMatch(p -> p.toString().contains("run_id=")), "no run directory appeared");
      }
    } else {
      StoredData stored = reader.find(SlowWriterMain.KEY).orElseThrow();
      assertEquals(previous.size(), stored.chunkCount());
      for (int i = 0; i < previous.size(); i++) {
        assertTrue(previous.get(i).data().contentEquals(stored.read(i).data()), "chunk " + i + " is the previous version's");
      }
    }
  }
}
