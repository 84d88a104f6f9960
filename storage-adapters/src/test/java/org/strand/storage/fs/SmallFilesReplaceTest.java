package org.strand.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small files replaced whole under a local root: through the raw local file system that sets
 * permissions without forking, leaving no checksum or temporary files, and readable through
 * Hadoop's checksummed local file system even where an earlier writer left a checksum file.
 */
class SmallFilesReplaceTest {
  @TempDir Path tmp;

  private static org.apache.hadoop.fs.Path hadoop(Path p) {
    return new org.apache.hadoop.fs.Path(p.toUri());
  }

  @Test
  void localRoot_isWrittenWithoutChecksumOrTemporaryFiles() throws IOException {
    FileSystem fs = SmallFiles.forWriting(hadoop(tmp), new Configuration());
    assertInstanceOf(NioLocalFileSystem.class, fs, "no chmod process per file");
    org.apache.hadoop.fs.Path file = hadoop(tmp.resolve("dir").resolve("a.json"));
    SmallFiles.replace(fs, file, "first".getBytes(StandardCharsets.UTF_8));
    SmallFiles.replace(fs, file, "second".getBytes(StandardCharsets.UTF_8));
    assertEquals("second", Files.readString(tmp.resolve("dir").resolve("a.json")));
    try (Stream<Path> files = Files.list(tmp.resolve("dir"))) {
      assertEquals(List.of("a.json"), files.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void fileWithAnOldChecksum_readsBackThroughTheChecksummedFileSystem() throws IOException {
    Configuration conf = new Configuration();
    LocalFileSystem checksummed = FileSystem.getLocal(conf);
    org.apache.hadoop.fs.Path file = hadoop(tmp.resolve("tables.sql"));
    try (OutputStream out = checksummed.create(file, true)) {
      out.write("written by an earlier strand".getBytes(StandardCharsets.UTF_8));
    }
    assertTrue(Files.exists(tmp.resolve(".tables.sql.crc")), "the checksummed file system wrote a checksum file");

    SmallFiles.replace(SmallFiles.forWriting(hadoop(tmp), conf), file, "new".getBytes(StandardCharsets.UTF_8));

    assertFalse(Files.exists(tmp.resolve(".tables.sql.crc")), "the old checksum is gone with the old content");
    try (InputStream in = checksummed.open(file)) {
      assertEquals("new", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
