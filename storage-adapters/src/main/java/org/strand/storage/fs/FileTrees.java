package org.strand.storage.fs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Recursive listings made of plain directory listings.
 *
 * <p>Hadoop's own recursive listing ({@code FileSystem.listFiles}) builds located statuses, which
 * ask every file's permissions; Hadoop's local file system finds those by running {@code ls} once
 * per file (without its native library), which is slow for a manifest of thousands of entries and
 * fails when another job moves the file away meanwhile. A plain listing carries what callers here
 * need (name, kind, size, modification time).
 *
 * <p>Stateless and thread-safe. Shared by the storage packages of this module and the job; not a
 * public API for plugins.
 */
public final class FileTrees {
  private FileTrees() {}

  /**
   * Every file and directory below {@code dir} (not {@code dir} itself). A directory below it that
   * disappears while the tree is walked is skipped, with what it held.
   *
   * @throws FileNotFoundException if {@code dir} does not exist
   * @throws IOException if a directory cannot be listed
   */
  public static List<FileStatus> walk(FileSystem fs, Path dir) throws IOException {
    List<FileStatus> out = new ArrayList<>();
    Deque<FileStatus[]> todo = new ArrayDeque<>();
    todo.push(fs.listStatus(dir));
    while (!todo.isEmpty()) {
      for (FileStatus st : todo.pop()) {
        out.add(st);
        if (st.isDirectory()) {
          try {
            todo.push(fs.listStatus(st.getPath()));
          } catch (FileNotFoundException e) {
            // Removed, or moved away by another job, since its parent was listed.
          }
        }
      }
    }
    return out;
  }

  /**
   * The entries of {@code dir} whose names start with {@code prefix}; none if {@code dir} does
   * not exist. A listing, not a glob: characters such as {@code [} or {@code *} in {@code dir}'s
   * path or in the prefix are taken literally.
   *
   * @throws IOException if {@code dir} cannot be listed
   */
  public static FileStatus[] listStartingWith(FileSystem fs, Path dir, String prefix) throws IOException {
    try {
      return fs.listStatus(dir, p -> p.getName().startsWith(prefix));
    } catch (FileNotFoundException e) {
      return new FileStatus[0];
    }
  }
}
