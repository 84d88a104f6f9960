package org.strand.storage.fs;

import java.io.EOFException;
import java.io.IOException;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads a whole data file whose length the caller's metadata gives into the caller's buffer: one
 * open and one read into place, no status call first (a round trip to the name node on HDFS; a
 * local file gets one {@code stat} to refuse what is not a regular file) and no intermediate
 * copies. The file must have exactly that length; the status is asked only to report a file that
 * does not.
 *
 * <p>Stateless and thread-safe. Serves this module's readers; not an API for plugin authors.
 */
public final class FileBytes {
  private FileBytes() {}

  /**
   * Reads {@code path} into {@code buffer[0, length)}.
   *
   * @return {@code length} if the file has exactly that many bytes, else the file's actual length
   *     (the buffer's contents are then undefined)
   * @throws java.io.FileNotFoundException if the file does not exist
   * @throws IOException if it cannot be read
   * @throws org.strand.core.StorageException if it is local and not a regular file (a named pipe
   *     would block the read forever; see {@link RegularFiles})
   */
  public static long read(FileSystem fs, Path path, byte[] buffer, int length) throws IOException {
    if (length < 0 || length > buffer.length) {
      throw new IllegalArgumentException("cannot read " + length + " bytes into a buffer of " + buffer.length);
    }
    RegularFiles.require(fs, path);
    try (FSDataInputStream in = fs.open(path)) {
      try {
        in.readFully(buffer, 0, length);
      } catch (EOFException e) {
        return fs.getFileStatus(path).getLen();
      }
      if (in.read() >= 0) {
        return fs.getFileStatus(path).getLen();
      }
      return length;
    }
  }
}
