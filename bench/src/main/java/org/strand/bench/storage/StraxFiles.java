package org.strand.bench.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.strand.core.Field;
import org.strand.core.Schema;
import org.strand.core.Table;
import org.strand.plugin.OptionValues;
import org.strand.plugin.SourceRun;
import org.strand.storage.strax.StraxSource;

/**
 * One {@code <run>-<type>-<hash>} directory of strax data, loaded for benchmark set-up: its
 * metadata, its chunk files, and each chunk's uncompressed rows as NumPy lays them out (read with
 * {@link StraxSource}, then packed back into little-endian rows; strax's dtypes here are packed
 * and signed, so this gives the exact bytes strax compressed).
 */
final class StraxFiles {
  final Path metadataFile;
  final ObjectNode metadata;
  final List<Path> chunkFiles = new ArrayList<>();
  final List<byte[]> raw = new ArrayList<>();

  private StraxFiles(Path metadataFile, ObjectNode metadata) {
    this.metadataFile = metadataFile;
    this.metadata = metadata;
  }

  static StraxFiles read(Path dir) throws IOException {
    String[] parts = dir.getFileName().toString().split("-");
    Path mdFile = dir.resolve(parts[1] + "-" + parts[2] + "-metadata.json");
    StraxFiles f = new StraxFiles(mdFile, (ObjectNode) new ObjectMapper().readTree(mdFile.toFile()));
    for (JsonNode c : f.metadata.get("chunks")) {
      f.chunkFiles.add(dir.resolve(c.get("filename").asText()));
    }
    StraxSource source = StraxSource.builder(new org.apache.hadoop.fs.Path(dir.getParent().toUri()), new Configuration())
        .type(parts[1]).build();
    SourceRun run = source.open(parts[0], OptionValues.defaults(StraxSource.NAME, List.of()));
    for (int i = 0; i < run.chunkCount(); i++) {
      f.raw.add(rows(run.chunk(i).data()));
    }
    return f;
  }

  private static byte[] rows(Table t) {
    Schema s = t.schema();
    int item = 0;
    for (Field fd : s.fields()) {
      item += fd.width() * fd.type().byteWidth();
    }
    ByteBuffer bb = ByteBuffer.allocate(item * t.rows()).order(ByteOrder.LITTLE_ENDIAN);
    for (int r = 0; r < t.rows(); r++) {
      for (int c = 0; c < s.size(); c++) {
        Field fd = s.field(c);
        for (int k = 0; k < fd.width(); k++) {
          int i = r * fd.width() + k;
          switch (fd.type()) {
            case BOOL -> bb.put((byte) (((boolean[]) t.column(c))[i] ? 1 : 0));
            case INT8 -> bb.put(((byte[]) t.column(c))[i]);
            case INT16 -> bb.putShort(((short[]) t.column(c))[i]);
            case INT32 -> bb.putInt(((int[]) t.column(c))[i]);
            case INT64 -> bb.putLong(((long[]) t.column(c))[i]);
            case FLOAT32 -> bb.putFloat(((float[]) t.column(c))[i]);
            case FLOAT64 -> bb.putDouble(((double[]) t.column(c))[i]);
          }
        }
      }
    }
    return bb.array();
  }
}
