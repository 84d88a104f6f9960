package org.strand.storage.chunkstore;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strand.core.CanonicalJson;
import org.strand.core.Schema;
import org.strand.storage.ChunkInfo;
import org.strand.storage.DataKey;
import org.strand.storage.fs.SchemaJson;

/**
 * The metadata of one chunk, written beside its file, and of a whole key, written on commit.
 *
 * @param chunks every chunk in order
 * @param files each chunk's file name
 * @param fileSizes each chunk's file size in bytes
 */
record KeyMetadata(DataKey key, Schema schema, String lineageJson, List<ChunkInfo> chunks, List<String> files,
    List<Long> fileSizes, String strandVersion, String writingStarted, String writingEnded, String attempt) {

  /** One chunk's metadata, as written with the chunk. */
  record ChunkEntry(ChunkInfo info, String file, long fileSize) {
    String toJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("index", info.index());
      m.put("start", info.start());
      m.put("end", info.end());
      m.put("rows", info.rows());
      m.put("bytes", info.bytes());
      m.put("file", file);
      m.put("file_size", fileSize);
      return CanonicalJson.write(m);
    }

    static ChunkEntry parse(JsonNode n) {
      String file = text(n, "file");
      if (!ChunkFileFormat.isPlainName(file)) {
        throw new IllegalArgumentException("chunk file name '" + file + "' is not a plain name");
      }
      return new ChunkEntry(new ChunkInfo(integer(n, "index"), number(n, "start"), number(n, "end"), number(n, "rows"),
          number(n, "bytes")), file, number(n, "file_size"));
    }
  }

  String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", ChunkStore.FORMAT);
    m.put("format_version", ChunkFileFormat.VERSION);
    m.put("run_id", key.runId());
    m.put("type", key.type());
    m.put("lineage_hash", key.lineage());
    m.put("lineage", lineageJson);
    m.put("schema", SchemaJson.toPlain(schema));
    List<Object> list = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      ChunkInfo c = chunks.get(i);
      list.add(List.of(c.start(), c.end(), c.rows(), c.bytes(), files.get(i), fileSizes.get(i)));
    }
    m.put("chunks", list);
    if (!chunks.isEmpty()) {
      m.put("start", chunks.get(0).start());
      m.put("end", chunks.get(chunks.size() - 1).end());
    }
    m.put("strand_version", strandVersion);
    m.put("writing_started", writingStarted);
    m.put("writing_ended", writingEnded);
    m.put("attempt", attempt);
    return CanonicalJson.write(m);
  }

  /**
   * Parses and checks a key's metadata.
   *
   * @throws IllegalArgumentException naming the problem
   */
  static KeyMetadata parse(JsonNode n, DataKey expected) {
    if (!n.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    if (!ChunkStore.FORMAT.equals(n.path("format").asText()) || n.path("format_version").asInt() != ChunkFileFormat.VERSION) {
      throw new IllegalArgumentException("not chunk store metadata of format version " + ChunkFileFormat.VERSION);
    }
    DataKey key = new DataKey(text(n, "run_id"), text(n, "type"), text(n, "lineage_hash"));
    if (!key.equals(expected)) {
      throw new IllegalArgumentException("metadata is for " + key + ", not " + expected);
    }
    Schema schema = SchemaJson.fromJson(n.get("schema"));
    JsonNode list = n.get("chunks");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException("'chunks' is not a list");
    }
    List<ChunkInfo> chunks = new ArrayList<>();
    List<String> files = new ArrayList<>();
    List<Long> sizes = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode c = list.get(i);
      if (!c.isArray() || c.size() != 6) {
        throw new IllegalArgumentException("chunk " + i + " is not [start, end, rows, bytes, file, file_size]");
      }
      ChunkInfo info = new ChunkInfo(i, c.get(0).asLong(), c.get(1).asLong(), c.get(2).asLong(), c.get(3).asLong());
      if (i > 0 && info.start() != chunks.get(i - 1).end()) {
        throw new IllegalArgumentException("chunk " + i + " starts at " + info.start() + ", not where chunk " + (i - 1) + " ends");
      }
      if (info.rows() < 0 || info.rows() > Integer.MAX_VALUE || info.bytes() != info.rows() * schema.rowBytes()) {
        throw new IllegalArgumentException("chunk " + i + " claims " + info.rows() + " rows in " + info.bytes() + " bytes");
      }
      String file = c.get(4).asText();
      if (!ChunkFileFormat.isPlainName(file)) {
        throw new IllegalArgumentException("chunk file name '" + file + "' is not a plain name");
      }
      if (!file.startsWith(ChunkStoreWriter.chunkFileName(i, ""))) {
        throw new IllegalArgumentException("chunk " + i + " is file '" + file + "', which is written for another chunk"
            + " (a chunk is missing from the list?)");
      }
      chunks.add(info);
      files.add(file);
      sizes.add(c.get(5).asLong());
    }
    // The data's range (keys written before it was recorded lack it): a chunk dropped from the
    // end of the list shows here.
    if (n.has("start") || n.has("end")) {
      long start = number(n, "start");
      long end = number(n, "end");
      if (chunks.isEmpty()) {
        throw new IllegalArgumentException("the data's range [" + start + ", " + end + ") has no chunks");
      }
      long first = chunks.get(0).start();
      long last = chunks.get(chunks.size() - 1).end();
      if (first != start || last != end) {
        throw new IllegalArgumentException("the data's range [" + start + ", " + end + ") disagrees with its "
            + chunks.size() + " chunks' range [" + first + ", " + last + ")");
      }
    }
    return new KeyMetadata(key, schema, text(n, "lineage"), chunks, files, sizes,
        text(n, "strand_version"), text(n, "writing_started"), text(n, "writing_ended"), text(n, "attempt"));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("no text field '" + field + "'");
    }
    return v.textValue();
  }

  private static long number(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isIntegralNumber()) {
      throw new IllegalArgumentException("no integer field '" + field + "'");
    }
    return v.longValue();
  }

  private static int integer(JsonNode n, String field) {
    long v = number(n, field);
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("field '" + field + "' is out of range: " + v);
    }
    return (int) v;
  }
}
