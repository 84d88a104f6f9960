package org.strand.storage.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.strand.storage.dataset.DatasetTestSupport.assertReadsBack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.strand.core.Chunk;
import org.strand.plugin.Lineage;
import org.strand.storage.DataKey;
import org.strand.storage.DataWriter;
import org.strand.storage.fs.PublishMode;
import org.strand.storage.testing.TestData;

/**
 * Two attempts of one run (a Spark retry, a speculative copy) publish at the same moment: exactly
 * one wins, the published files are all the winner's, nothing of the loser is visible, and
 * staging is cleaned. The attempts write different values on purpose, so a mix would show.
 */
class PublishRaceTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(value = PublishMode.class, names = {"DIRECTORY", "SINGLE_FILE"})
  void twoAttemptsRacing_exactlyOneWins_noFileOfTheOtherIsVisible(PublishMode mode) throws Exception {
    Lineage lineage = TestData.lineage("things", "1");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 15; round++) {
        String run = String.format("%06d", round);
        DataKey key = new DataKey(run, "things", lineage.hash());
        List<List<Chunk>> data = new ArrayList<>();
        List<DatasetStorage> attempts = new ArrayList<>();
        for (String attempt : new String[] {"attempt-0", "attempt-1"}) {
          int seed = attempt.equals("attempt-0") ? 1000 + round : 2000 + round;
          data.add(TestData.chunks(TestData.ALL_TYPES, run, "things", new int[] {50, 60, 70}, 1_000_000, seed));
          attempts.add(DatasetTestSupport.open(tmp, DatasetOptions.builder(DatasetFormat.PARQUET)
              .attemptId(attempt).fileBytes(4096).publishMode(mode).build()));
        }
        CyclicBarrier barrier = new CyclicBarrier(2);
        List<Future<?>> futures = new ArrayList<>();
        for (int a = 0; a < 2; a++) {
          int index = a;
          futures.add(pool.submit(() -> {
            DataWriter w = attempts.get(index).writer(key, TestData.ALL_TYPES, lineage);
            List<Chunk> chunks = data.get(index);
            for (int i = 0; i < chunks.size(); i++) {
              w.write(i, chunks.get(i));
            }
            barrier.await(30, TimeUnit.SECONDS);
            w.commit();
            return null;
          }));
        }
        for (Future<?> f : futures) {
          f.get(60, TimeUnit.SECONDS);
        }
        ManifestEntry entry = attempts.get(0).entry(key).orElseThrow();
        int winner = entry.attempt().equals("attempt-0") ? 0 : 1;
        assertTrue(entry.attempt().startsWith("attempt-"), entry.attempt());
        assertReadsBack(attempts.get(1 - winner).find(key).orElseThrow(), data.get(winner));
        Path runDir = tmp.resolve("things/lineage=" + lineage.hash() + "/run_id=" + run);
        try (Stream<Path> files = Files.walk(runDir)) {
          List<String> names = files.filter(p -> !p.equals(runDir)).map(p -> runDir.relativize(p).toString()).sorted().toList();
          List<String> expected = entry.files().stream().map(PartFile::name).sorted().toList();
          assertEquals(expected, names, "round " + round + ": only the winner's files, nothing nested");
        }
      }
      assertStagingEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  private void assertStagingEmpty() throws IOException {
    try (Stream<Path> s = Files.walk(tmp.resolve("_staging"))) {
      List<Path> left = s.filter(Files::isRegularFile).toList();
      assertEquals(List.of(), left, "staging holds nothing after every attempt finished");
    }
  }
}
