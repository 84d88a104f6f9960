package org.strand.storage.fs;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.strand.core.StorageException;

/**
 * Refuses local paths that are not regular files before they are opened for reading.
 *
 * <p>Opening a named pipe for reading waits until something opens it for writing, which for a
 * pipe left where a data file belongs is never: the read would block the run until its timeout.
 * Devices and sockets are no better. Hadoop's local file system cannot tell: its status reports
 * any of them as a file of length 0. So for {@code file:} paths the kind is asked of
 * {@code java.nio}, following symbolic links, with one {@code stat} call. Other file systems (HDFS,
 * object stores) hold only files and directories and are not asked.
 *
 * <p>A path that does not exist passes: the caller's open reports it missing, as it always has.
 *
 * <p>Stateless and thread-safe. Shared by the storage packages of this module and the job; not an
 * API for plugin authors.
 */
public final class RegularFiles {
  private static final int TYPE_MASK = 0170000;
  private static final int FIFO = 0010000;
  private static final int CHARACTER_DEVICE = 0020000;
  private static final int BLOCK_DEVICE = 0060000;
  private static final int SOCKET = 0140000;

  private RegularFiles() {}

  /**
   * Why {@code path} cannot be read as a data file, if it is local, exists and is not a regular
   * file: e.g. "is a named pipe, not a regular file"; empty otherwise.
   */
  public static Optional<String> problem(FileSystem fs, Path path) {
    if (!"file".equalsIgnoreCase(fs.getUri().getScheme())) {
      return Optional.empty();
    }
    return problem(new File(fs.makeQualified(path).toUri().getPath()).toPath());
  }

  /**
   * Why the local {@code file} cannot be read as a data file, if it exists and is not a regular
   * file (after following symbolic links): e.g. "is a named pipe, not a regular file"; empty for
   * a regular file, a missing one, or one whose kind cannot be read (opening it will say why).
   */
  public static Optional<String> problem(java.nio.file.Path file) {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      // Missing, or its kind unreadable: the caller's open reports that in its own words.
      return Optional.empty();
    }
    if (attributes.isRegularFile()) {
      return Optional.empty();
    }
    String kind = attributes.isDirectory() ? "a directory" : special(file);
    return Optional.of("is " + kind + ", not a regular file");
  }

  /**
   * Throws unless {@code path} is a regular file, a missing one, or not local.
   *
   * @throws StorageException naming the path and what it is instead
   */
  public static void require(FileSystem fs, Path path) {
    Optional<String> problem = problem(fs, path);
    if (problem.isPresent()) {
      throw new StorageException(path + " " + problem.get());
    }
  }

  /** What a file that is neither regular nor a directory is, from its Unix mode where the JDK gives it. */
  private static String special(java.nio.file.Path file) {
    int mode;
    try {
      mode = (Integer) Files.getAttribute(file, "unix:mode");
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
      // No "unix" attribute view on this platform: the kind is unknown, not the verdict.
      return "a special file";
    }
    switch (mode & TYPE_MASK) {
      case FIFO:
        return "a named pipe";
      case CHARACTER_DEVICE:
        return "a character device";
      case BLOCK_DEVICE:
        return "a block device";
      case SOCKET:
        return "a socket";
      default:
        return "a special file";
    }
  }
}
