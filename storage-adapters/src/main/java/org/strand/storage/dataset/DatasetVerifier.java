package org.strand.storage.dataset;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.CRC32C;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.strand.core.StorageException;
import org.strand.storage.fs.RegularFiles;

/**
 * Checks a published run's files against its manifest entry (see {@link DatasetStorage#verify}).
 *
 * <p>Per file, in order, stopping at the first failure that makes the rest meaningless: present;
 * of the recorded size (a file of another size is not the published one, so it is not read);
 * its bytes' CRC-32C equal to the recorded one (entries from before checksums have none, and
 * skip this); readable as its format, holding the recorded rows, with a footer naming this key.
 * Then the run's directory must hold nothing else readers would see (other part files, other
 * files or directories not hidden by a leading '.' or '_'). Reads every byte of every file once,
 * and writes nothing.
 *
 * <p>Stateless.
 */
final class DatasetVerifier {
  private static final int BUFFER = 1 << 20;

  private DatasetVerifier() {}

  static List<VerificationProblem> verify(FileSystem fs, PartCodec codec, Configuration conf, ManifestEntry entry, Path dir) {
    List<VerificationProblem> problems = new ArrayList<>();
    try {
      if (!fs.exists(dir)) {
        problems.add(new VerificationProblem(VerificationProblem.Kind.MISSING, dir.toString(),
            "the run's directory is missing (the manifest lists " + entry.files().size() + " files in it)"));
        return problems;
      }
    } catch (IOException e) {
      throw new StorageException(dir + ": cannot check the run's directory: " + e.getMessage(), e);
    }
    Set<String> listed = new HashSet<>();
    for (PartFile f : entry.files()) {
      listed.add(f.name());
      Path path = new Path(dir, f.name());
      VerificationProblem p = check(fs, codec, conf, entry, f, path);
      if (p != null) {
        problems.add(p);
      }
    }
    try {
      for (FileStatus st : fs.listStatus(dir)) {
        String name = st.getPath().getName();
        if (name.startsWith("part-") && !st.isDirectory()) {
          if (!listed.contains(name)) {
            problems.add(new VerificationProblem(VerificationProblem.Kind.UNEXPECTED, st.getPath().toString(),
                "part file not listed in the manifest entry (" + st.getLen() + " bytes)"));
          }
        } else if (!name.startsWith(".") && !name.startsWith("_")) {
          problems.add(new VerificationProblem(VerificationProblem.Kind.UNEXPECTED, st.getPath().toString(),
              "unexpected " + (st.isDirectory() ? "directory" : "file") + " in a published run directory (readers would take it for data)"));
        }
      }
    } catch (IOException e) {
      throw new StorageException(dir + ": cannot list the run's directory: " + e.getMessage(), e);
    }
    return problems;
  }

  private static VerificationProblem check(FileSystem fs, PartCodec codec, Configuration conf, ManifestEntry entry,
      PartFile f, Path path) {
    String where = path.toString();
    Optional<String> notRegular = RegularFiles.problem(fs, path);
    if (notRegular.isPresent()) {
      return new VerificationProblem(VerificationProblem.Kind.UNREADABLE, where, "part file " + notRegular.get());
    }
    long size;
    try {
      size = fs.getFileStatus(path).getLen();
    } catch (FileNotFoundException e) {
      return new VerificationProblem(VerificationProblem.Kind.MISSING, where, "part file is missing");
    } catch (IOException e) {
      return new VerificationProblem(VerificationProblem.Kind.UNREADABLE, where, "cannot stat the file: " + e.getMessage());
    }
    if (size != f.bytes()) {
      return new VerificationProblem(VerificationProblem.Kind.SIZE, where,
          "file has " + size + " bytes, the manifest says " + f.bytes() + (size < f.bytes() ? " (truncated)" : ""));
    }
    if (f.hasChecksum()) {
      String actual;
      try {
        actual = checksum(fs, path);
      } catch (IOException e) {
        return new VerificationProblem(VerificationProblem.Kind.UNREADABLE, where, "cannot read the file: " + e.getMessage());
      }
      if (!actual.equals(f.checksum())) {
        return new VerificationProblem(VerificationProblem.Kind.CHECKSUM, where,
            "file's checksum is " + actual + ", the manifest says " + f.checksum() + " (damaged or replaced)");
      }
    }
    long rows;
    Map<String, String> footer;
    try {
      rows = codec.rowCount(fs, path, conf);
      footer = codec.footer(fs, path, conf);
    } catch (IOException | RuntimeException e) {
      return new VerificationProblem(VerificationProblem.Kind.UNREADABLE, where,
          "not a readable " + entry.format().label() + " file: " + e.getMessage());
    }
    if (rows != f.rows()) {
      return new VerificationProblem(VerificationProblem.Kind.ROWS, where,
          "file holds " + rows + " rows, the manifest says " + f.rows());
    }
    String run = footer.get(PartCodec.KEY_RUN_ID);
    String type = footer.get(PartCodec.KEY_TYPE);
    String lineage = footer.get(PartCodec.KEY_LINEAGE_HASH);
    if (!entry.runId().equals(run) || !entry.type().equals(type) || !entry.lineage().equals(lineage)) {
      return new VerificationProblem(VerificationProblem.Kind.FOREIGN, where, "footer says run " + run + ", type '" + type
          + "', lineage " + lineage + "; the manifest entry is " + entry.key());
    }
    return null;
  }

  /** The checksum of a whole file, as {@link ChecksumOutputStream} computes it while writing. */
  static String checksum(FileSystem fs, Path path) throws IOException {
    CRC32C crc = new CRC32C();
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = fs.open(path)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        crc.update(buffer, 0, n);
      }
    }
    return ChecksumOutputStream.format(crc.getValue());
  }
}
