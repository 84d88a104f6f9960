package org.strand.storage.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local listing by name prefix (names read first, only the matches asked for their status)
 * gives what Hadoop's own filtered listing gives.
 */
class FileTreesTest {
  @TempDir
  Path dir;

  private static List<String> describe(FileStatus[] statuses) {
    return Arrays.stream(statuses)
        .map(s -> s.getPath() + (s.isDirectory() ? "/" : " " + s.getLen()) + " " + s.getModificationTime())
        .sorted().toList();
  }

  @Test
  void localPrefixListing_equalsHadoopsFilteredListing_linksToNothingAndChecksumsLeftOut() throws IOException {
    Files.createDirectories(dir.resolve("000001-raw_records-aaaa"));
    Files.createDirectories(dir.resolve("000001-raw_records-bbbb_temp"));
    Files.createDirectories(dir.resolve("000001-peaks-cccc"));
    Files.createDirectories(dir.resolve("000002-raw_records-aaaa"));
    Files.writeString(dir.resolve("000001-raw_records-file"), "12345");
    Files.writeString(dir.resolve(".000001-raw_records-file.crc"), "x");
    Files.createSymbolicLink(dir.resolve("000001-raw_records-gone"), dir.resolve("nowhere"));
    org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(dir.toUri());
    String prefix = "000001-raw_records-";

    for (FileSystem fs : List.of(FileSystem.getLocal(new Configuration()), FileSystem.getLocal(new Configuration()).getRawFileSystem())) {
      FileStatus[] hadoops = fs.listStatus(root, p -> p.getName().startsWith(prefix));
      List<String> unreadable = new java.util.ArrayList<>();
      FileStatus[] ours = FileTrees.listStartingWith(fs, root, prefix, unreadable);
      assertThat(describe(ours)).isEqualTo(describe(hadoops)).hasSize(3);
      assertThat(unreadable).containsExactly("000001-raw_records-gone");
      assertThat(FileTrees.listStartingWith(fs, root.suffix("/none"), prefix)).isEmpty();
      assertThat(describe(FileTrees.listMatching(fs, root, name -> name.contains("raw_records"), new java.util.ArrayList<>())))
          .isEqualTo(describe(fs.listStatus(root, p -> p.getName().contains("raw_records")))).hasSizeGreaterThanOrEqualTo(4);
    }
  }
}
