package org.strand.storage.fs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.strand.core.StorageException;

/**
 * Reads and writes small whole files (metadata, manifests) over a Hadoop {@link FileSystem}.
 *
 * <p>Reads are bounded: a file longer than the caller's limit is refused before it is read, so a
 * damaged or hostile metadata file cannot exhaust memory. JSON is parsed into Jackson's tree
 * model only (no data binding, no polymorphic types, never Java deserialization), with duplicate
 * keys rejected and nesting depth capped. Errors are {@link StorageException}s naming the path.
 *
 * <p>Stateless and thread-safe. Shared by the storage packages of this module; not a public API
 * for plugin authors.
 */
public final class SmallFiles {
  /** The default limit for metadata files: 16 MiB, room for tens of thousands of chunks. */
  public static final long DEFAULT_METADATA_LIMIT = 16L << 20;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();

  static {
    JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
  }

  private SmallFiles() {}

  /**
   * The whole content of {@code path}.
   *
   * @throws StorageException if it is missing, longer than {@code limit} bytes, unreadable, or
   *     local and not a regular file ({@link RegularFiles})
   */
  public static byte[] read(FileSystem fs, Path path, long limit) {
    RegularFiles.require(fs, path);
    try (InputStream in = fs.open(path)) {
      long length = fs.getFileStatus(path).getLen();
      if (length > limit) {
        throw new StorageException(path + ": file of " + length + " bytes exceeds the limit of " + limit + " bytes for metadata");
      }
      byte[] bytes = in.readNBytes((int) length + 1);
      if (bytes.length > length) {
        throw new StorageException(path + ": file grew while it was read (more than " + length + " bytes)");
      }
      if (bytes.length < length) {
        throw new StorageException(path + ": file is shorter (" + bytes.length + " bytes) than its listed length " + length);
      }
      return bytes;
    } catch (FileNotFoundException e) {
      throw new StorageException(path + ": file not found", e);
    } catch (IOException e) {
      throw new StorageException(path + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * The JSON tree in {@code path}.
   *
   * @throws StorageException if the file is missing, too long, or not valid JSON (naming the
   *     path and the parser's complaint)
   */
  public static JsonNode readJson(FileSystem fs, Path path, long limit) {
    byte[] bytes = read(fs, path, limit);
    return parseJson(bytes, path.toString());
  }

  /**
   * Parses JSON text that came from {@code where}.
   *
   * @throws StorageException if it is not valid JSON
   */
  public static JsonNode parseJson(byte[] bytes, String where) {
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || node.isMissingNode()) {
        throw new StorageException(where + ": invalid JSON: the file is empty");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new StorageException(where + ": invalid JSON: " + e.getOriginalMessage()
          + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")" : ""), e);
    } catch (IOException e) {
      throw new StorageException(where + ": cannot parse JSON: " + e.getMessage(), e);
    }
  }

  /**
   * A JSON value as the plain Java values {@link org.strand.core.CanonicalJson} writes: null,
   * Boolean, Long (integers that fit), Double, String, List, Map.
   */
  public static Object toPlain(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isIntegralNumber()) {
      return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
    }
    if (n.isNumber()) {
      return n.doubleValue();
    }
    if (n.isArray()) {
      java.util.List<Object> out = new java.util.ArrayList<>(n.size());
      n.forEach(x -> out.add(toPlain(x)));
      return out;
    }
    if (n.isObject()) {
      java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
      n.fields().forEachRemaining(e -> out.put(e.getKey(), toPlain(e.getValue())));
      return out;
    }
    return n.asText();
  }

  /**
   * The file system to write small files under {@code root} with: its own, except that a local
   * root gets the raw local file system that sets permissions without forking a {@code chmod}
   * process per file (see {@link NioLocalFileSystem}; about 9 ms a file) and writes no
   * {@code .crc} side files.
   *
   * @throws StorageException if the file system cannot be reached
   */
  public static FileSystem forWriting(Path root, Configuration conf) {
    try {
      FileSystem fs = root.getFileSystem(conf);
      return FileTrees.rawLocal(fs) != null ? NioLocalFileSystem.create(conf) : fs;
    } catch (IOException e) {
      throw new StorageException(root + ": cannot reach its file system: " + e.getMessage(), e);
    }
  }

  /**
   * Replaces {@code file} whole with {@code content}: written beside it under a hidden name, then
   * renamed over it, so a reader sees the old file or the new one. On a local file system (one
   * from {@link #forWriting}), a checksum side file left by an earlier writer is removed, so that
   * readers through Hadoop's checksummed local file system do not check the new content against
   * the old checksum.
   *
   * @throws IOException if it cannot be written or renamed (the file beside it is removed)
   */
  public static void replace(FileSystem fs, Path file, byte[] content) throws IOException {
    Path tmp = new Path(file.getParent(), "." + file.getName() + "." + Long.toHexString(System.nanoTime()));
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(content);
    }
    if (!fs.rename(tmp, file)) {
      fs.delete(file, false);
      if (!fs.rename(tmp, file)) {
        fs.delete(tmp, false);
        throw new IOException("rename of " + tmp + " to " + file + " failed");
      }
    }
    if (FileTrees.rawLocal(fs) != null && !(fs instanceof ChecksumFileSystem)) {
      fs.delete(new Path(file.getParent(), "." + file.getName() + ".crc"), false);
    }
  }

  /**
   * Writes {@code text} to {@code path} as UTF-8, replacing any file there.
   *
   * @throws StorageException if it cannot be written
   */
  public static void write(FileSystem fs, Path path, String text) {
    try (FSDataOutputStream out = fs.create(path, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new StorageException(path + ": cannot write: " + e.getMessage(), e);
    }
  }
}
