package org.strand.storage.fs;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's raw local file system, setting permissions through {@code java.nio} instead of
 * forking a {@code chmod} process.
 *
 * <p>Without Hadoop's native library (the usual case: it is not on Maven Central),
 * {@link RawLocalFileSystem} runs {@code chmod} in a child process for every file and directory
 * it creates. Profiling the chunk store showed those forks costing more than compressing the
 * data. POSIX permissions set through {@code java.nio} are the same bits without the process.
 */
final class NioLocalFileSystem extends RawLocalFileSystem {
  private static final PosixFilePermission[] BITS = {
    PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
    PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
    PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
  };

  static NioLocalFileSystem create(Configuration conf) throws IOException {
    NioLocalFileSystem fs = new NioLocalFileSystem();
    fs.initialize(URI.create("file:///"), conf);
    return fs;
  }

  @Override
  public void setPermission(Path p, FsPermission permission) throws IOException {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    short mode = permission.toShort();
    for (int bit = 0; bit < BITS.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        set.add(BITS[bit]);
      }
    }
    try {
      Files.setPosixFilePermissions(pathToFile(p).toPath(), set);
    } catch (UnsupportedOperationException e) {
      super.setPermission(p, permission);
    }
  }
}
