package org.strand.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strand.core.StorageException;
import org.strand.storage.testing.Fifos;

/**
 * A local path that is not a regular file is refused before it is opened, naming the path and
 * what it is; regular and missing files go on to be opened as before. The reads run under a
 * time limit: a read that opened a named pipe would wait forever for a writer.
 */
class RegularFilesTest {
  private static final Duration PROMPTLY = Duration.ofSeconds(20);

  @TempDir Path tmp;

  private static LocalFileSystem local() throws IOException {
    return FileSystem.getLocal(new Configuration());
  }

  private static org.apache.hadoop.fs.Path hadoop(Path p) {
    return new org.apache.hadoop.fs.Path(p.toUri());
  }

  @Test
  void problem_ofEachKind_saysWhatItIs() throws Exception {
    Path fifo = Fifos.make(tmp.resolve("pipe"));
    Path regular = Files.writeString(tmp.resolve("regular"), "x");
    Path dir = Files.createDirectories(tmp.resolve("dir"));
    Path linkToFifo = Files.createSymbolicLink(tmp.resolve("link"), fifo);
    assertEquals(Optional.of("is a named pipe, not a regular file"), RegularFiles.problem(fifo));
    assertEquals(Optional.of("is a named pipe, not a regular file"), RegularFiles.problem(linkToFifo), "links are followed");
    assertEquals(Optional.of("is a directory, not a regular file"), RegularFiles.problem(dir));
    assertEquals(Optional.empty(), RegularFiles.problem(regular));
    assertEquals(Optional.empty(), RegularFiles.problem(tmp.resolve("missing")), "a missing file is the opener's to report");
    assertEquals(Optional.of("is a named pipe, not a regular file"), RegularFiles.problem(local(), hadoop(fifo)));
    assertEquals(Optional.of("is a named pipe, not a regular file"), RegularFiles.problem(local().getRaw(), hadoop(fifo)));
  }

  @Test
  void fileBytesRead_ofANamedPipe_failsPromptly_namingThePath() throws Exception {
    Path fifo = Fifos.make(tmp.resolve("chunk-000000"));
    StorageException e = assertTimeoutPreemptively(PROMPTLY,
        () -> assertThrows(StorageException.class, () -> FileBytes.read(local(), hadoop(fifo), new byte[16], 16)));
    assertThat(e.getMessage()).contains(fifo.toString()).contains("is a named pipe, not a regular file");
  }

  @Test
  void smallFilesRead_ofANamedPipe_failsPromptly_namingThePath() throws Exception {
    Path fifo = Fifos.make(tmp.resolve("metadata.json"));
    StorageException e = assertTimeoutPreemptively(PROMPTLY,
        () -> assertThrows(StorageException.class, () -> SmallFiles.readJson(local(), hadoop(fifo), 1 << 16)));
    assertThat(e.getMessage()).contains(fifo.toString()).contains("is a named pipe, not a regular file");
  }

  @Test
  void reads_ofRegularFiles_areUnchanged() throws Exception {
    Path file = Files.writeString(tmp.resolve("metadata.json"), "{\"a\": 1}");
    assertEquals(1, SmallFiles.readJson(local(), hadoop(file), 1 << 16).get("a").asInt());
    byte[] buffer = new byte[8];
    assertEquals(8, FileBytes.read(local(), hadoop(file), buffer, 8));
    StorageException missing = assertThrows(StorageException.class,
        () -> SmallFiles.readJson(local(), hadoop(tmp.resolve("gone.json")), 1 << 16));
    assertThat(missing.getMessage()).contains("file not found");
  }
}
