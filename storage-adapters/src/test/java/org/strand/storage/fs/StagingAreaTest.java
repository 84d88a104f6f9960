package org.strand.storage.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagingAreaTest {
  @TempDir
  java.nio.file.Path tmp;

  /**
   * Another job publishes its staged files while this one cleans up stale staging: the files are
   * listed, then gone. Hadoop's local file system then fails when asked a listed file's
   * permissions (it runs {@code ls} on it); the cleanup must neither ask nor fail, and must still
   * remove what is stale.
   */
  @Test
  void removeStale_whileAnotherJobPublishesItsFiles_neitherFailsNorTouchesThatJob() throws IOException {
    java.nio.file.Path dead = Files.createDirectories(tmp.resolve("_staging/dead-attempt/things.x.000001.abcd"));
    Files.writeString(dead.resolve("part-00000.parquet"), "half");
    FileTime old = FileTime.fromMillis(System.currentTimeMillis() - Duration.ofMinutes(30).toMillis());
    try (Stream<java.nio.file.Path> all = Files.walk(tmp.resolve("_staging/dead-attempt"))) {
      for (java.nio.file.Path p : all.toList()) {
        Files.setLastModifiedTime(p, old);
      }
    }
    java.nio.file.Path busy = Files.createDirectories(tmp.resolve("_staging/busy-attempt/things.x.000002.abcd"));
    Files.writeString(busy.resolve("part-00000.parquet"), "being published");

    FileSystem fs = new PublishingWhileListed(FileSystem.getLocal(new Configuration()).getRawFileSystem());
    StagingArea own = new StagingArea(fs, new Path(tmp.toUri()), "own-attempt", Duration.ofMinutes(10), Clock.systemUTC());

    assertEquals(1, own.removeStale(), "the stale attempt is removed");
    assertFalse(Files.exists(tmp.resolve("_staging/dead-attempt")));
    assertTrue(Files.exists(busy), "the busy attempt is left alone");
  }

  /** Files of the busy attempt are listed as they were, but are gone by the time they are looked at. */
  private static final class PublishingWhileListed extends FilterFileSystem {
    PublishingWhileListed(FileSystem local) {
      super(local);
    }

    @Override
    public FileStatus[] listStatus(Path p) throws IOException {
      FileStatus[] listed = super.listStatus(p);
      for (int i = 0; i < listed.length; i++) {
        if (listed[i].isFile() && listed[i].getPath().toString().contains("busy-attempt")) {
          listed[i] = new Published(listed[i]);
        }
      }
      return listed;
    }

    /** As Hadoop builds a located listing: from the plain one, asking every entry's permissions. */
    @Override
    public RemoteIterator<LocatedFileStatus> listLocatedStatus(Path p) throws IOException {
      FileStatus[] listed = listStatus(p);
      return new RemoteIterator<>() {
        private int next;

        @Override
        public boolean hasNext() {
          return next < listed.length;
        }

        @Override
        public LocatedFileStatus next() throws IOException {
          return new LocatedFileStatus(listed[next++], null);
        }
      };
    }
  }

  /** A listed file that has since been moved away. */
  private static final class Published extends FileStatus {
    Published(FileStatus listed) throws IOException {
      super(listed);
    }

    @Override
    public FsPermission getPermission() {
      throw new RuntimeException("ls: cannot access '" + getPath() + "': No such file or directory");
    }
  }
}
