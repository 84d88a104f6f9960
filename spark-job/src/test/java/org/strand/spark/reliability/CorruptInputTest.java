package org.strand.spark.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strand.spark.testing.StraxCopies;
import org.strand.storage.testing.Fifos;
import org.strand.storage.testing.SharedData;

/**
 * Damaged strax input among good runs, all in one job: each damaged run (a named pipe in place of
 * a file included) fails promptly with a one-line error naming the damaged file, the job exits 1, the good runs are published whole, and nothing
 * of a damaged run appears in the output.
 */
@Tag("reliability")
class CorruptInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HASH = "aefc63wawj";
  private static final String META = "raw_records-" + HASH + "-metadata.json";

  @TempDir
  Path dir;

  private Path input;

  private Path runDir(String run) {
    return input.resolve(run + "-raw_records-" + HASH);
  }

  private static String chunk(int i) {
    return String.format("raw_records-%s-%06d", HASH, i);
  }

  private void editMetadata(String run, Consumer<ObjectNode> edit) throws IOException {
    Path meta = runDir(run).resolve(META);
    ObjectNode n = (ObjectNode) JSON.readTree(meta.toFile());
    edit.accept(n);
    Files.writeString(meta, JSON.writeValueAsString(n));
  }

  @Test
  void eachDamagedRun_failsAlone_withItsPath_goodRunsPublished_exit1() throws Exception {
    Path reference = SharedData.reference("strax-small/strax_data");
    input = dir.resolve("strax");
    List<String> runs = new ArrayList<>(List.of("000001", "000002", "000003", "000004", "000005", "000006", "000007", "000008", "000009"));
    // Named pipes where a chunk or the metadata belongs (where mkfifo exists): opening one would
    // wait for a writer, blocking the run; each must fail at once instead.
    Optional<String> noPipes = Fifos.tryMake(dir.resolve("probe-pipe"));
    if (noPipes.isEmpty()) {
      runs.addAll(List.of("000010", "000011"));
    } else {
      System.out.println("note: the named-pipe runs are left out: " + noPipes.get());
    }
    for (String id : runs) {
      StraxCopies.copyRun(reference, "000001", input, id);
      try (Stream<Path> s = Files.list(runDir(id))) {
        s.forEach(p -> p.toFile().setWritable(true));
      }
    }
    // Run id -> what its error must name (a path fragment and a word).
    Map<String, List<String>> expected = new LinkedHashMap<>();

    Path truncated = runDir("000002").resolve(chunk(1));
    byte[] bytes = Files.readAllBytes(truncated);
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
    expected.put("000002", List.of("000002-raw_records-" + HASH + "/" + chunk(1), "truncated"));

    // strax's lz4 frames carry a header checksum (no content checksum): flip it.
    Path badChecksum = runDir("000003").resolve(chunk(0));
    bytes = Files.readAllBytes(badChecksum);
    assertEquals(0x48, bytes[4], "lz4 frame flags: content size, no block or content checksum");
    bytes[14] ^= 0x01;
    Files.write(badChecksum, bytes);
    expected.put("000003", List.of("000003-raw_records-" + HASH + "/" + chunk(0), "checksum"));

    // The compressed blocks replaced by random bytes, the file's size kept.
    Path garbage = runDir("000004").resolve(chunk(2));
    bytes = Files.readAllBytes(garbage);
    byte[] noise = new byte[bytes.length - 200];
    new Random(4).nextBytes(noise);
    System.arraycopy(noise, 0, bytes, 100, noise.length);
    Files.write(garbage, bytes);
    expected.put("000004", List.of("000004-raw_records-" + HASH + "/" + chunk(2), "cannot be decoded"));

    // The metadata claims one more row in chunk 0 (its byte count consistent with that).
    editMetadata("000005", n -> {
      ObjectNode c0 = (ObjectNode) n.get("chunks").get(0);
      int itemSize = c0.get("nbytes").asInt() / c0.get("n").asInt();
      c0.put("n", c0.get("n").asInt() + 1);
      c0.put("nbytes", c0.get("nbytes").asLong() + itemSize);
    });
    expected.put("000005", List.of("000005-raw_records-" + HASH + "/" + chunk(0), "raw_records"));

    Files.writeString(runDir("000006").resolve(META), "{\"run_id\": \"000006\", \"chunks\": [ {\"n\": 3,, ] ");
    expected.put("000006", List.of("000006-raw_records-" + HASH + "/" + META, "invalid JSON"));

    editMetadata("000007", n -> n.put("dtype", "[(('Start time since unix epoch [ns]', 'time'), '<i8'), (('Length"));
    expected.put("000007", List.of("000007-raw_records-" + HASH + "/" + META, "dtype"));

    editMetadata("000008", n -> {
      ArrayNode chunks = (ArrayNode) n.get("chunks");
      JsonNode first = chunks.get(0);
      chunks.set(0, chunks.get(1));
      chunks.set(1, first);
      ((ObjectNode) chunks.get(0)).put("chunk_i", 0);
      ((ObjectNode) chunks.get(1)).put("chunk_i", 1);
    });
    expected.put("000008", List.of("000008-raw_records-" + HASH + "/" + META, "out of time order"));

    if (noPipes.isEmpty()) {
      Fifos.make(runDir("000010").resolve(chunk(1)));
      expected.put("000010", List.of("000010-raw_records-" + HASH + "/" + chunk(1), "is a named pipe, not a regular file"));
      Fifos.make(runDir("000011").resolve(META));
      expected.put("000011", List.of("000011-raw_records-" + HASH + "/" + META, "is a named pipe, not a regular file"));
    }

    Path out = dir.resolve("out");
    Path summary = dir.resolve("summary.json");
    try (ChildStrand job = ChildStrand.start(dir, "corrupt", "run", "--output", out.toString(), "--input", input.toString(),
        "--master", "local[2]", "--no-progress", "--summary-json", summary.toString(), "--run-timeout", "3m")) {
      assertEquals(1, job.waitFor(Jobs.JOB_TIMEOUT), job.describe());
      Map<String, JsonNode> results = Jobs.summaryRuns(summary);
      assertEquals(runs.size(), results.size(), results.toString());
      for (String id : List.of("000001", "000009")) {
        assertEquals("done", results.get(id).get("status").asText(), "good run " + id + ": " + results.get(id));
      }
      for (Map.Entry<String, List<String>> e : expected.entrySet()) {
        JsonNode r = results.get(e.getKey());
        assertEquals("failed", r.get("status").asText(), e.getKey() + ": " + r);
        String error = r.get("error").asText();
        System.out.println("note: " + e.getKey() + ": " + error.substring(Math.max(0, error.indexOf(e.getKey() + "-raw_records"))));
        assertThat(error).as("run " + e.getKey()).contains(e.getValue().get(0), e.getValue().get(1)).doesNotContain("\n");
        assertThat(job.out()).contains("failed run " + e.getKey() + ": ");
      }
    }
    for (String type : List.of("peak_basics", "event_basics")) {
      try (Stream<Path> s = Files.walk(out.resolve(type))) {
        List<String> published = s.filter(p -> p.getFileName().toString().startsWith("run_id=")).map(p -> p.getFileName().toString())
            .sorted().toList();
        assertEquals(List.of("run_id=000001", "run_id=000009"), published, type + ": only the good runs are published");
      }
    }
    Jobs.Result v = Jobs.verify(out);
    assertEquals(0, v.code(), v.toString());
    assertTrue(v.out().contains("4 published"), v.toString());
  }
}
