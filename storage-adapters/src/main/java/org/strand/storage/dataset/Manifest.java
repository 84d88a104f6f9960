package org.strand.storage.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.strand.core.CanonicalJson;
import org.strand.core.StorageException;
import org.strand.plugin.Lineage;
import org.strand.storage.ChunkInfo;
import org.strand.storage.DataKey;
import org.strand.storage.fs.FileTrees;
import org.strand.storage.fs.Publisher;
import org.strand.storage.fs.SchemaJson;
import org.strand.storage.fs.SmallFiles;

/**
 * The manifest under {@code <root>/_strand/}: one small JSON file per published key, and one per
 * lineage with its full description. One file per key lets many tasks publish at once without
 * sharing a file, and each file is replaced atomically (see {@link Publisher#writeReplacing}).
 * A glob such as {@code _strand/runs/**&#47;*.json} reads the whole manifest as a table.
 *
 * <p>Entries are checked when read: the key matches the path, the numbers add up, the chunks are
 * contiguous, file names are plain part names. A damaged entry is a {@link StorageException}
 * naming the file.
 */
final class Manifest {
  private static final Pattern PART_NAME = Pattern.compile("part-\\d{5}\\.(parquet|arrow)");
  private static final Pattern CHECKSUM = Pattern.compile(ChecksumOutputStream.ALGORITHM + ":[0-9a-f]{8}");

  private final Layout layout;
  private final FileSystem fs;
  private final long limit;

  Manifest(Layout layout, FileSystem fs, long limit) {
    this.layout = layout;
    this.fs = fs;
    this.limit = limit;
  }

  Optional<ManifestEntry> read(DataKey key) {
    Path path = layout.entryPath(key);
    try {
      if (!fs.exists(path)) {
        return Optional.empty();
      }
    } catch (IOException e) {
      throw new StorageException(path + ": cannot check for the manifest entry: " + e.getMessage(), e);
    }
    ManifestEntry e = parse(SmallFiles.readJson(fs, path, limit), path);
    if (!e.key().equals(key)) {
      throw new StorageException(path + ": manifest entry is for " + e.key() + ", not " + key);
    }
    return Optional.of(e);
  }

  void write(Publisher publisher, ManifestEntry entry, Path scratch) {
    publisher.writeReplacing(layout.entryPath(entry.key()), toJson(entry).getBytes(StandardCharsets.UTF_8), scratch);
  }

  void writeIfAbsent(Publisher publisher, ManifestEntry entry, Path scratch) {
    publisher.writeIfAbsent(layout.entryPath(entry.key()), toJson(entry).getBytes(StandardCharsets.UTF_8), scratch);
  }

  void writeLineage(Publisher publisher, Lineage lineage, Path scratch) {
    publisher.writeIfAbsent(layout.lineagePath(lineage.type(), lineage.hash()),
        lineage.toJson().getBytes(StandardCharsets.UTF_8), scratch);
  }

  Optional<String> lineage(String type, String hash) {
    Path path = layout.lineagePath(type, hash);
    try {
      return Optional.of(new String(SmallFiles.read(fs, path, limit), StandardCharsets.UTF_8));
    } catch (StorageException e) {
      if (e.getCause() instanceof FileNotFoundException) {
        return Optional.empty();
      }
      throw e;
    }
  }

  List<ManifestEntry> readAll() {
    List<ManifestEntry> out = new ArrayList<>();
    Path dir = layout.entriesDirectory();
    try {
      for (FileStatus st : FileTrees.walk(fs, dir)) {
        Path p = st.getPath();
        if (st.isFile() && p.getName().endsWith(".json")) {
          out.add(parse(SmallFiles.readJson(fs, p, limit), p));
        }
      }
    } catch (FileNotFoundException e) {
      return out;
    } catch (IOException e) {
      throw new StorageException(dir + ": cannot list the manifest: " + e.getMessage(), e);
    }
    out.sort(Comparator.comparing(ManifestEntry::type).thenComparing(ManifestEntry::lineage).thenComparing(ManifestEntry::runId));
    return out;
  }

  static String toJson(ManifestEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", e.type());
    m.put("run_id", e.runId());
    m.put("lineage", e.lineage());
    m.put("format", e.format().label());
    m.put("schema", SchemaJson.toPlain(e.schema()));
    m.put("rows", e.rows());
    m.put("bytes", e.bytes());
    m.put("stored_bytes", e.storedBytes());
    m.put("start", e.start());
    m.put("end", e.end());
    List<Object> chunks = new ArrayList<>();
    for (ChunkInfo c : e.chunks()) {
      chunks.add(List.of(c.start(), c.end(), c.rows(), c.bytes()));
    }
    m.put("chunks", chunks);
    List<Object> files = new ArrayList<>();
    for (PartFile f : e.files()) {
      Map<String, Object> fm = new LinkedHashMap<>();
      fm.put("name", f.name());
      fm.put("rows", f.rows());
      fm.put("bytes", f.bytes());
      fm.put("first_chunk", f.firstChunk());
      fm.put("chunks", f.chunks());
      if (f.hasChecksum()) {
        fm.put("checksum", f.checksum());
      }
      files.add(fm);
    }
    m.put("files", files);
    m.put("compression", e.compression());
    m.put("strand_version", e.strandVersion());
    m.put("published", e.published().toString());
    m.put("attempt", e.attempt());
    return CanonicalJson.write(m);
  }

  static ManifestEntry parse(JsonNode n, Path where) {
    try {
      if (!n.isObject()) {
        throw new IllegalArgumentException("not a JSON object");
      }
      JsonNode chunkNodes = n.get("chunks");
      JsonNode fileNodes = n.get("files");
      if (chunkNodes == null || !chunkNodes.isArray() || fileNodes == null || !fileNodes.isArray()) {
        throw new IllegalArgumentException("'chunks' and 'files' must be lists");
      }
      List<ChunkInfo> chunks = new ArrayList<>();
      long rows = 0;
      long bytes = 0;
      for (int i = 0; i < chunkNodes.size(); i++) {
        JsonNode c = chunkNodes.get(i);
        if (!c.isArray() || c.size() != 4) {
          throw new IllegalArgumentException("chunk " + i + " is not [start, end, rows, bytes]");
        }
        ChunkInfo info = new ChunkInfo(i, c.get(0).asLong(), c.get(1).asLong(), c.get(2).asLong(), c.get(3).asLong());
        if (i > 0 && info.start() != chunks.get(i - 1).end()) {
          throw new IllegalArgumentException("chunk " + i + " starts at " + info.start() + ", not where chunk " + (i - 1)
              + " ends (" + chunks.get(i - 1).end() + ")");
        }
        rows += info.rows();
        bytes += info.bytes();
        chunks.add(info);
      }
      List<PartFile> files = new ArrayList<>();
      int nextChunk = 0;
      long fileRows = 0;
      for (JsonNode f : fileNodes) {
        String name = text(f, "name");
        if (!PART_NAME.matcher(name).matches()) {
          throw new IllegalArgumentException("file name '" + name + "' is not a part file name");
        }
        String checksum = f.has("checksum") ? text(f, "checksum") : "";
        if (!checksum.isEmpty() && !CHECKSUM.matcher(checksum).matches()) {
          throw new IllegalArgumentException("file " + name + " has checksum '" + checksum + "', not crc32c:<8 hex digits>");
        }
        PartFile pf = new PartFile(name, f.path("rows").asLong(-1), f.path("bytes").asLong(-1),
            f.path("first_chunk").asInt(-1), f.path("chunks").asInt(-1), checksum);
        if (pf.firstChunk() != nextChunk || pf.chunks() < 0 || pf.rows() < 0 || pf.bytes() < 0) {
          throw new IllegalArgumentException("file " + name + " does not continue the chunk sequence at chunk " + nextChunk);
        }
        long inFile = 0;
        for (int i = pf.firstChunk(); i < pf.firstChunk() + pf.chunks(); i++) {
          if (i >= chunks.size()) {
            throw new IllegalArgumentException("file " + name + " claims chunk " + i + " of " + chunks.size());
          }
          inFile += chunks.get(i).rows();
        }
        if (inFile != pf.rows()) {
          throw new IllegalArgumentException("file " + name + " says " + pf.rows() + " rows, its chunks hold " + inFile);
        }
        nextChunk += pf.chunks();
        fileRows += pf.rows();
        files.add(pf);
      }
      if (nextChunk != chunks.size()) {
        throw new IllegalArgumentException("files hold " + nextChunk + " chunks, the entry lists " + chunks.size());
      }
      long declaredRows = n.path("rows").asLong(-1);
      if (declaredRows != rows || fileRows != rows) {
        throw new IllegalArgumentException("entry says " + declaredRows + " rows, its chunks hold " + rows);
      }
      Instant published;
      try {
        published = Instant.parse(text(n, "published"));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("'published' is not a time: " + n.get("published"));
      }
      return new ManifestEntry(text(n, "type"), text(n, "run_id"), text(n, "lineage"),
          DatasetFormat.fromLabel(text(n, "format")), SchemaJson.fromJson(n.get("schema")), rows,
          bytes, n.path("stored_bytes").asLong(), n.path("start").asLong(), n.path("end").asLong(), chunks, files,
          text(n, "compression"), text(n, "strand_version"), published, text(n, "attempt"));
    } catch (IllegalArgumentException e) {
      throw new StorageException(where + ": invalid manifest entry: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("no text field '" + field + "'");
    }
    return v.textValue();
  }
}
