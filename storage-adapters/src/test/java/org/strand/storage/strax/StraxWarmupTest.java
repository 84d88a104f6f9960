package org.strand.storage.strax;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.strand.chain.RawRecordsGenerator;
import org.strand.core.Table;
import org.strand.plugin.OptionValues;

class StraxWarmupTest {
  @Test
  void generatedRawRecordsSurviveTheStraxEncodingAndDecoding() {
    RawRecordsGenerator g = new RawRecordsGenerator();
    Map<String, Object> options = new HashMap<>(Map.of("run_duration_s", 0.05, "chunk_size_mb", 5.0));
    Table raw = g.open("000001", OptionValues.resolve(g.name(), g.options(), options, null)).chunk(0).data();
    assertThat(raw.rows()).isGreaterThan(1000);

    Table decoded = StraxWarmup.decodeRoundTrip(raw);

    assertThat(decoded.rows()).isEqualTo(raw.rows());
    for (String column : new String[] {"time", "length", "dt", "channel", "pulse_length", "record_i", "baseline", "data"}) {
      assertThat(decoded.column(column)).as(column).isEqualTo(raw.column(column));
    }
  }

  @Test
  void incompressibleSamples_fitTheFrame_andSurviveManyBlocks() {
    RawRecordsGenerator g = new RawRecordsGenerator();
    Map<String, Object> options = new HashMap<>(Map.of("run_duration_s", 0.05, "chunk_size_mb", 5.0));
    Table raw = g.open("000001", OptionValues.resolve(g.name(), g.options(), options, null)).chunk(0).data();
    // Noise in every sample: LZ4 cannot shrink the rows, so each 64 KiB block is stored at its bound.
    java.util.Random random = new java.util.Random(7);
    short[] data = raw.shorts("data");
    for (int i = 0; i < data.length; i++) {
      data[i] = (short) random.nextInt();
    }
    assertThat((long) raw.rows() * 244).as("rows' bytes, several 64 KiB blocks").isGreaterThan(4 * 65536L);

    Table decoded = StraxWarmup.decodeRoundTrip(raw);

    assertThat(decoded.shorts("data")).isEqualTo(data);
  }
}
