package org.strand.storage.chunkstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strand.core.StorageException;
import org.strand.storage.DataKey;
import org.strand.storage.StoredData;
import org.strand.storage.testing.Fifos;

/**
 * What is not a stored key where one belongs: a named pipe in place of a chunk file or of
 * {@code metadata.json} fails at once naming the path (never opened: it would block until a
 * writer came); a key directory without {@code metadata.json} is skipped by listings with one
 * warning naming it, and is an error naming it when its run is asked for by id.
 */
class ChunkStoreStrayFilesTest {
  private static final Duration PROMPTLY = Duration.ofSeconds(20);

  @TempDir Path tmp;

  private Path keyDir(DataKey key) {
    return tmp.resolve(key.toString());
  }

  private Path chunkFile(int index) throws IOException {
    try (Stream<Path> s = Files.list(keyDir(ChunkStoreTest.KEY))) {
      return s.filter(p -> p.getFileName().toString().startsWith(String.format("chunk-%06d.", index)) && !p.toString().endsWith(".json"))
          .findFirst().orElseThrow();
    }
  }

  @Test
  void chunkFileThatIsANamedPipe_failsPromptly_namingIt() throws Exception {
    ChunkStore store = ChunkStoreTest.open(tmp, ChunkStoreOptions.defaults());
    ChunkStoreTest.write(store, ChunkStoreTest.allTypes(21));
    Path pipe = Fifos.make(chunkFile(1));
    StoredData data = store.find(ChunkStoreTest.KEY).orElseThrow();
    StorageException e = assertTimeoutPreemptively(PROMPTLY, () -> assertThrows(StorageException.class, () -> data.read(1)));
    assertThat(e.getMessage()).contains(pipe.toString()).contains("is a named pipe, not a regular file");
    assertEquals(ChunkStoreTest.allTypes(21).get(0).data().rows(), data.read(0).data().rows(), "the other chunks still read");
  }

  @Test
  void metadataThatIsANamedPipe_failsPromptly_namingIt() throws Exception {
    ChunkStore store = ChunkStoreTest.open(tmp, ChunkStoreOptions.defaults());
    ChunkStoreTest.write(store, ChunkStoreTest.allTypes(22));
    Path pipe = Fifos.make(keyDir(ChunkStoreTest.KEY).resolve("metadata.json"));
    StorageException e = assertTimeoutPreemptively(PROMPTLY, () -> assertThrows(StorageException.class, () -> store.find(ChunkStoreTest.KEY)));
    assertThat(e.getMessage()).contains(pipe.toString()).contains("is a named pipe, not a regular file");
  }

  @Test
  void keyDirectoryWithoutMetadata_isSkippedByListings_withOneWarningNamingIt() throws Exception {
    ChunkStore store = ChunkStoreTest.open(tmp, ChunkStoreOptions.defaults());
    ChunkStoreTest.write(store, ChunkStoreTest.allTypes(23));
    DataKey other = new DataKey("000002", ChunkStoreTest.KEY.type(), ChunkStoreTest.KEY.lineage());
    Files.createDirectories(keyDir(other));
    Files.writeString(keyDir(other).resolve("chunk-000000.json"), "{}");

    String[] logged = new String[1];
    List<DataKey> keys = capturingStderr(logged, () -> store.keys(ChunkStoreTest.KEY.type()));
    assertEquals(List.of(ChunkStoreTest.KEY), keys, "only the complete key is listed");
    List<String> warnings = logged[0].lines().filter(l -> l.contains("without metadata.json")).toList();
    assertEquals(1, warnings.size(), "one warning per listing: " + logged[0]);
    assertThat(warnings.get(0)).contains(keyDir(other).getFileName().toString()).contains("skipping 1 directory of 'things'");

    List<StoredData> listed = capturingStderr(logged, () -> store.list(ChunkStoreTest.KEY.type()));
    assertEquals(1, listed.size());
    assertEquals(1, logged[0].lines().filter(l -> l.contains("without metadata.json")).count(), logged[0]);

    List<StoredData> ofTheGoodRun = capturingStderr(logged, () -> store.stored("000001", ChunkStoreTest.KEY.type()));
    assertEquals(1, ofTheGoodRun.size());
    assertThat(logged[0]).as("a run with no incomplete directory is read without a warning").doesNotContain("without metadata.json");
  }

  @Test
  void keyDirectoryWithoutMetadata_ofARunAskedForById_isAnErrorNamingIt() throws Exception {
    ChunkStore store = ChunkStoreTest.open(tmp, ChunkStoreOptions.defaults());
    ChunkStoreTest.write(store, ChunkStoreTest.allTypes(24));
    DataKey other = new DataKey("000002", ChunkStoreTest.KEY.type(), ChunkStoreTest.KEY.lineage());
    Files.createDirectories(keyDir(other));
    StorageException e = assertThrows(StorageException.class, () -> store.stored("000002", other.type()));
    assertThat(e.getMessage()).contains(keyDir(other).getFileName().toString()).contains("run 000002")
        .contains("holds no metadata.json").contains("remove the directory");
    assertEquals(List.of(), store.stored("000003", other.type()), "a run with nothing stored is simply absent");
  }

  /** Runs {@code body} with stderr, where the tests' logger writes, captured into {@code into[0]}. */
  private static <T> T capturingStderr(String[] into, java.util.function.Supplier<T> body) {
    PrintStream original = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      return body.get();
    } finally {
      System.setErr(original);
      into[0] = bytes.toString(StandardCharsets.UTF_8);
    }
  }
}
