package org.strand.storage.fs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.strand.core.CanonicalJson;
import org.strand.core.ConfigurationException;
import org.strand.core.StorageException;

/**
 * The one format a storage root holds, recorded in {@code <root>/_strand/format.json} by the
 * first writer. Writing another format into the root is a configuration error: a root holds
 * Parquet datasets, or Arrow datasets, or a chunk store, never a mix.
 */
public final class RootFormat {
  /** The directory, relative to a root, that holds strand's own metadata. */
  public static final String METADATA_DIRECTORY = "_strand";

  private RootFormat() {}

  /** The metadata file recording a root's format. */
  public static Path markerPath(Path root) {
    return new Path(new Path(root, METADATA_DIRECTORY), "format.json");
  }

  /**
   * The format recorded for {@code root}, or null if none is (nothing was written yet).
   *
   * @throws StorageException if the marker exists but cannot be read
   */
  public static String read(FileSystem fs, Path root) {
    Path marker = markerPath(root);
    try {
      if (!fs.exists(marker)) {
        return null;
      }
    } catch (IOException e) {
      throw new StorageException(marker + ": cannot check the root's format: " + e.getMessage(), e);
    }
    JsonNode node = SmallFiles.readJson(fs, marker, 1 << 16);
    JsonNode format = node.get("format");
    if (format == null || !format.isTextual()) {
      throw new StorageException(marker + ": no text field 'format'");
    }
    return format.textValue();
  }

  /**
   * Checks that {@code root} holds {@code format} or nothing yet.
   *
   * @throws ConfigurationException naming the root and both formats if it holds another
   */
  public static void require(FileSystem fs, Path root, String format) {
    String existing = read(fs, root);
    if (existing != null && !existing.equals(format)) {
      throw new ConfigurationException("output root " + root + " holds " + existing + " data; it cannot also hold "
          + format + " (one format per root: choose another root or format '" + existing + "')");
    }
  }

  /**
   * Records {@code format} for {@code root} unless a format is recorded; then checks it.
   *
   * @throws ConfigurationException if the root holds another format
   */
  public static void claim(Publisher publisher, Path root, String format, Path scratch) {
    FileSystem fs = publisher.fileSystem();
    if (read(fs, root) == null) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("format", format);
      doc.put("created", Instant.now().toString());
      doc.put("strand_version", StrandVersion.get());
      publisher.writeIfAbsent(markerPath(root), CanonicalJson.write(doc).getBytes(StandardCharsets.UTF_8), scratch);
    }
    require(fs, root, format);
  }
}
