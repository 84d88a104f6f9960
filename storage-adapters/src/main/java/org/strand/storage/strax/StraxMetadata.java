package org.strand.storage.strax;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.strand.core.StorageException;
import org.strand.plugin.Lineage;
import org.strand.storage.fs.SmallFiles;

/**
 * The metadata strax writes beside the chunks of one {@code <run>-<type>-<hash>} directory, in
 * {@code <type>-<hash>-metadata.json}, parsed and checked.
 *
 * <p>Checked on reading, each failure a {@link StorageException} naming the file: valid JSON
 * within the size limit; written to the end without an exception; run, type and hash agreeing
 * with the directory name; a known compressor; a dtype that parses; chunk files named plainly
 * (no path separators); every chunk's {@code nbytes} equal to {@code n} times the row size;
 * chunks in time order and contiguous, covering the run's start and end.
 *
 * @param path the metadata file
 * @param runId the run
 * @param type the data type
 * @param lineageHash strax's lineage hash
 * @param compressor how the chunk files are compressed
 * @param dtype the rows' layout
 * @param start the data's start [ns]
 * @param end the data's end [ns]
 * @param chunks the chunks, in order
 * @param lineage strax's lineage of the type, kept as strand's external lineage
 */
record StraxMetadata(
    Path path,
    String runId,
    String type,
    String lineageHash,
    StraxCompressor compressor,
    NumpyDtype dtype,
    long start,
    long end,
    List<ChunkEntry> chunks,
    Lineage lineage) {

  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,255}");

  /**
   * One chunk as the metadata describes it.
   *
   * @param index position in the run
   * @param fileName the chunk file's name in the directory; null for a chunk without rows, which
   *     strax writes no file for
   * @param start [ns]
   * @param end [ns]
   * @param rows number of rows
   * @param nbytes uncompressed bytes
   * @param fileSize compressed bytes on disk, or -1 if the metadata does not say
   */
  record ChunkEntry(int index, String fileName, long start, long end, int rows, long nbytes, long fileSize) {}

  /** The total uncompressed size of all chunks. */
  long rawBytes() {
    long sum = 0;
    for (ChunkEntry c : chunks) {
      sum += c.nbytes();
    }
    return sum;
  }

  /** The metadata file of a strax directory {@code <run>-<type>-<hash>}. */
  static Path metadataPath(Path directory, String type, String hash) {
    return new Path(directory, type + "-" + hash + "-metadata.json");
  }

  /**
   * Reads and checks the metadata of the directory of {@code (runId, type, hash)}.
   *
   * @throws StorageException naming the file and the problem
   */
  static StraxMetadata read(FileSystem fs, Path directory, String runId, String type, String hash, long limit) {
    Path path = metadataPath(directory, type, hash);
    JsonNode root = SmallFiles.readJson(fs, path, limit);
    try {
      return parse(path, root, runId, type, hash);
    } catch (IllegalArgumentException e) {
      throw new StorageException(path + ": " + e.getMessage(), e);
    }
  }

  private static StraxMetadata parse(Path path, JsonNode root, String runId, String type, String hash) {
    if (!root.isObject()) {
      throw new IllegalArgumentException("metadata is not a JSON object");
    }
    if (root.has("exception")) {
      String exc = root.get("exception").asText("");
      throw new IllegalArgumentException("strax recorded an exception while writing this data: " + lastLine(exc));
    }
    if (!root.has("writing_ended")) {
      throw new IllegalArgumentException("data is incomplete: strax never finished writing it (no writing_ended)");
    }
    expectEqual(root, "run_id", runId);
    expectEqual(root, "data_type", type);
    expectEqual(root, "lineage_hash", hash);
    StraxCompressor compressor = StraxCompressor.fromStraxName(text(root, "compressor"));
    String dtypeText = text(root, "dtype");
    NumpyDtype dtype;
    try {
      dtype = NumpyDtype.parse(dtypeText);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unusable dtype " + NumpyDtype.abbreviate(dtypeText) + ": " + e.getMessage(), e);
    }
    JsonNode chunkNodes = root.get("chunks");
    if (chunkNodes == null || !chunkNodes.isArray()) {
      throw new IllegalArgumentException("'chunks' is missing or not a list");
    }
    if (chunkNodes.isEmpty()) {
      // strax sets a run's range from its chunks on closing; it leaves the list empty only when
      // the writing crashed.
      throw new IllegalArgumentException("lists no chunks: strax's writing of this data did not finish");
    }
    List<ChunkEntry> chunks = new ArrayList<>(chunkNodes.size());
    for (int i = 0; i < chunkNodes.size(); i++) {
      chunks.add(chunk(chunkNodes.get(i), i, runId, dtype));
    }
    for (int i = 1; i < chunks.size(); i++) {
      ChunkEntry prev = chunks.get(i - 1);
      ChunkEntry c = chunks.get(i);
      if (c.start() < prev.end()) {
        throw new IllegalArgumentException("chunks out of time order: chunk " + i + " starts at " + c.start()
            + ", before chunk " + (i - 1) + " ends at " + prev.end());
      }
      if (c.start() != prev.end()) {
        throw new IllegalArgumentException("chunks are not contiguous: chunk " + i + " starts at " + c.start()
            + ", but chunk " + (i - 1) + " ends at " + prev.end());
      }
    }
    long start = chunks.get(0).start();
    long end = chunks.get(chunks.size() - 1).end();
    if (root.has("start") && longValue(root, "start") != start || root.has("end") && longValue(root, "end") != end) {
      throw new IllegalArgumentException("run range [" + root.path("start").asText() + ", " + root.path("end").asText()
          + ") disagrees with its chunks' range [" + start + ", " + end + ")");
    }
    if (end < start) {
      throw new IllegalArgumentException("end " + end + " is before start " + start);
    }
    return new StraxMetadata(path, runId, type, hash, compressor, dtype, start, end, List.copyOf(chunks), lineage(root, type, hash));
  }

  private static ChunkEntry chunk(JsonNode node, int i, String runId, NumpyDtype dtype) {
    String where = "chunk " + i;
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " is not a JSON object");
    }
    if (node.has("chunk_i") && longValue(node, "chunk_i", where) != i) {
      throw new IllegalArgumentException(where + " is listed as chunk_i " + node.get("chunk_i").asText() + ": chunks out of order");
    }
    if (node.has("run_id") && !runId.equals(node.get("run_id").asText())) {
      throw new IllegalArgumentException(where + " belongs to run '" + node.get("run_id").asText() + "', not " + runId);
    }
    long n = longValue(node, "n", where);
    if (n < 0 || n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(where + " has an impossible row count n=" + n);
    }
    // strax writes no file for a chunk without rows and never reads one for it, whatever the
    // entry says: an entry naming a file (filesize 0) reads as empty even if that file is empty
    // or gone.
    String file = n == 0 ? null : text(node, "filename", where);
    if (file != null && (!FILE_NAME.matcher(file).matches() || file.equals(".") || file.equals(".."))) {
      throw new IllegalArgumentException(where + " has an unsafe file name '" + file + "'");
    }
    long start = longValue(node, "start", where);
    long end = longValue(node, "end", where);
    if (end < start) {
      throw new IllegalArgumentException(where + " ends at " + end + ", before its start " + start);
    }
    long nbytes = longValue(node, "nbytes", where);
    if (nbytes != n * dtype.itemSize()) {
      throw new IllegalArgumentException(where + ": metadata says nbytes=" + nbytes + " but n=" + n + " rows of "
          + dtype.itemSize() + " bytes make " + n * dtype.itemSize());
    }
    if (nbytes > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(where + " of " + nbytes + " bytes is larger than one chunk may be (2 GiB)");
    }
    long fileSize = node.has("filesize") && !node.get("filesize").isNull() ? longValue(node, "filesize", where) : -1;
    return new ChunkEntry(i, file, start, end, (int) n, nbytes, fileSize);
  }

  /**
   * strax keeps, per data type in the lineage, {@code [plugin, version, {options}]}. The entry of
   * this type becomes the external lineage; the other entries (its upstream types) are kept in
   * the options under {@code strax_upstream} so the whole provenance stays visible.
   */
  private static Lineage lineage(JsonNode root, String type, String hash) {
    JsonNode lineage = root.get("lineage");
    if (lineage == null || !lineage.isObject()) {
      throw new IllegalArgumentException("'lineage' is missing or not an object");
    }
    JsonNode own = lineage.get(type);
    if (own == null || !own.isArray() || own.size() < 2) {
      throw new IllegalArgumentException("lineage has no [plugin, version, options] entry for '" + type + "'");
    }
    Map<String, Object> options = new TreeMap<>();
    if (own.size() > 2 && own.get(2).isObject()) {
      Iterator<Map.Entry<String, JsonNode>> it = own.get(2).fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        options.put(e.getKey(), SmallFiles.toPlain(e.getValue()));
      }
    }
    Map<String, Object> upstream = new TreeMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = lineage.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getKey().equals(type)) {
        upstream.put(e.getKey(), SmallFiles.toPlain(e.getValue()));
      }
    }
    if (!upstream.isEmpty()) {
      options.put("strax_upstream", upstream);
    }
    return Lineage.external("strax", type, hash, own.get(0).asText(), own.get(1).asText(), options);
  }

  private static void expectEqual(JsonNode root, String field, String expected) {
    if (root.has(field) && !expected.equals(root.get(field).asText())) {
      throw new IllegalArgumentException("metadata says " + field + " is '" + root.get(field).asText()
          + "', but the directory name says '" + expected + "'");
    }
  }

  private static String text(JsonNode node, String field) {
    return text(node, field, "metadata");
  }

  private static String text(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(where + " has no text field '" + field + "'");
    }
    return v.textValue();
  }

  private static long longValue(JsonNode node, String field) {
    return longValue(node, field, "metadata");
  }

  private static long longValue(JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException(where + " has no integer field '" + field + "'"
          + (v == null ? "" : " (found " + v + ")"));
    }
    return v.longValue();
  }

  /** The last line of a Python traceback: the exception itself. */
  private static String lastLine(String s) {
    String t = s.strip();
    int nl = t.lastIndexOf('\n');
    String line = nl < 0 ? t : t.substring(nl + 1).strip();
    return line.length() <= 300 ? line : line.substring(0, 300) + "...";
  }
}
