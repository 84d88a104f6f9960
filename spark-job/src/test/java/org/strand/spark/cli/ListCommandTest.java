package org.strand.spark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strand.spark.testing.FileTreeCopy;
import org.strand.storage.testing.Fifos;

/**
 * {@code strand list}'s status column says what one listing of each run's directory shows,
 * reading no file: {@code published} when every part file the manifest lists is there with its
 * recorded size, {@code damaged} when one is missing, of another size or not a regular file,
 * {@code missing} when the run's directory is gone. The table keeps its form; problems are
 * counted on stderr, and the exit code stays 0 (verify judges).
 */
class ListCommandTest {
  @TempDir
  static Path pristineDir;

  @TempDir
  Path dir;

  static Path pristine;

  @BeforeAll
  static void publish() {
    pristine = pristineDir.resolve("out");
    Cli.Result r = Cli.run("inprocess", "--output", pristine.toString(), "--generate", "3", "--run-size-mb", "0.5",
        "--targets", "peaks", "--no-progress");
    assertEquals(0, r.code(), r.toString());
  }

  private static Path runDir(Path out, String run) throws IOException {
    try (Stream<Path> s = Files.walk(out.resolve("peaks"))) {
      return s.filter(p -> p.getFileName().toString().equals("run_id=" + run)).findFirst().orElseThrow();
    }
  }

  private static Path part(Path out, String run) throws IOException {
    try (Stream<Path> s = Files.list(runDir(out, run))) {
      return s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().findFirst().orElseThrow();
    }
  }

  /** Run id -> the status column, from the table's rows (type, lineage, run, rows, MB, status, published). */
  private static Map<String, String> statusByRun(Cli.Result r) {
    Map<String, String> out = new LinkedHashMap<>();
    r.out().lines().filter(l -> l.startsWith("peaks ")).forEach(l -> {
      String[] cols = l.trim().split("\\s+");
      assertEquals(7, cols.length, "seven columns: " + l);
      out.put(cols[2], cols[5]);
    });
    return out;
  }

  @Test
  void untouchedOutput_everyEntryPublished_nothingOnStderr() {
    Cli.Result r = Cli.run("list", "--output", pristine.toString());
    assertEquals(0, r.code(), r.toString());
    assertEquals(Map.of("000000", "published", "000001", "published", "000002", "published"), statusByRun(r), r.toString());
    assertThat(r.out().lines().findFirst().orElseThrow()).matches("type\\s+lineage\\s+run\\s+rows\\s+MB\\s+status\\s+published");
    assertThat(r.out()).contains("3 published (type, lineage, run) entries in " + pristine);
    assertEquals("", r.err(), r.toString());
  }

  @Test
  void damagedAndMissingRuns_areShownSo_andCountedOnStderr() throws IOException {
    Path out = FileTreeCopy.copy(pristine, dir.resolve("out"));
    try (RandomAccessFile f = new RandomAccessFile(part(out, "000001").toFile(), "rw")) {
      f.setLength(f.length() - 7);
    }
    Path gone = runDir(out, "000002");
    try (Stream<Path> s = Files.list(gone)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Files.delete(p);
      }
    }
    Files.delete(gone);

    Cli.Result r = Cli.run("list", "--output", out.toString());
    assertEquals(0, r.code(), r.toString());
    assertEquals(Map.of("000000", "published", "000001", "damaged", "000002", "missing"), statusByRun(r), r.toString());
    assertThat(r.out()).contains("3 published (type, lineage, run) entries in " + out);
    assertThat(r.err().strip()).isEqualTo("strand: 2 of them damaged or missing; 'strand verify --output " + out + "' names every problem");
  }

  @Test
  void partFileReplacedByANamedPipe_isDamaged_andNeverOpened() throws Exception {
    Path out = FileTreeCopy.copy(pristine, dir.resolve("out"));
    Fifos.make(part(out, "000000"));
    Cli.Result r = assertTimeoutPreemptively(Duration.ofMinutes(1), () -> Cli.run("list", "--output", out.toString()));
    assertEquals("damaged", statusByRun(r).get("000000"), r.toString());
  }
}
