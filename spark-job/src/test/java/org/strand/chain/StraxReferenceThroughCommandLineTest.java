package org.strand.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strand.core.Table;
import org.strand.spark.cli.StrandCli;
import org.strand.storage.DataKey;
import org.strand.storage.StoredData;
import org.strand.storage.dataset.DatasetFormat;
import org.strand.storage.dataset.DatasetOptions;
import org.strand.storage.dataset.DatasetStorage;

/**
 * strax's answers through the whole command line: `strand run` reads the reference run's strax
 * data (its raw_records as strax stored them, lz4), computes records, hits and peaks on Spark and
 * publishes them as Parquet; read back from the output root, each type holds strax's rows
 * (expected/*.csv) at the reference README's tolerances.
 */
class StraxReferenceThroughCommandLineTest {
  private static final String RUN = "000001";

  @TempDir Path tmp;

  @Test
  void run_onStraxsStoredRawRecords_publishesStraxsRecordsHitsAndPeaks() throws Exception {
    Path reference = ReferenceData.run("strax-small");
    Path out = tmp.resolve("out");
    Path summary = tmp.resolve("summary.json");
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int code = StrandCli.execute(new PrintWriter(o, true), new PrintWriter(e, true), "run",
        "--input", reference.resolve("strax_data").toString(), "--output", out.toString(), "--targets", "records,hits,peaks",
        "--master", "local[1]", "--no-progress", "--summary-json", summary.toString());
    assertEquals(0, code, o + "\n" + e);
    JsonNode run = new ObjectMapper().readTree(summary.toFile()).get("runs").get(0);
    assertEquals(RUN, run.get("run_id").asText());
    DatasetStorage published = DatasetStorage.open(new org.apache.hadoop.fs.Path(out.toUri()), new Configuration(),
        DatasetOptions.defaults(DatasetFormat.PARQUET));
    for (String type : List.of("records", "hits", "peaks")) {
      String lineage = run.get("targets").get(type).get("lineage").asText();
      StoredData data = published.find(new DataKey(RUN, type, lineage)).orElseThrow(() -> new AssertionError("no " + type + " published"));
      List<Table> chunks = new ArrayList<>();
      for (int i = 0; i < data.chunkCount(); i++) {
        chunks.add(data.read(i).data());
      }
      Table all = Table.concat(data.schema(), chunks);
      ReferenceData.assertMatches(type + " read back from " + data.location(),
          CsvColumns.read(reference.resolve("expected").resolve(type + ".csv")), all);
    }
  }
}
