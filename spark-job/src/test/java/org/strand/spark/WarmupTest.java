package org.strand.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.strand.storage.dataset.DatasetFormat;
import org.strand.storage.dataset.DatasetOptions;
import org.strand.storage.dataset.DatasetStorage;
import org.strand.storage.dataset.ManifestEntry;

class WarmupTest {
  @Test
  void exercise_runsTheChainThroughTheSaver_forEachFormatAndProcessor(@TempDir Path dir) {
    for (DatasetFormat format : DatasetFormat.values()) {
      for (String processor : List.of("single", "threaded")) {
        Path root = dir.resolve(format.label() + "-" + processor);

        Warmup.exercise(root, format, processor);

        DatasetStorage written = DatasetStorage.open(new org.apache.hadoop.fs.Path(root.toUri()),
            Components.hadoopConfiguration(Map.of()), DatasetOptions.defaults(format));
        assertThat(written.entries()).extracting(ManifestEntry::type).as(root.toString())
            .containsExactlyInAnyOrder("peak_basics", "event_basics");
        assertThat(written.entries()).allSatisfy(e -> assertThat(e.rows()).as(e.type()).isPositive());
      }
    }
  }
}
