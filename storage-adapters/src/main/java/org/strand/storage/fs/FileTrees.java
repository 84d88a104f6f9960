package org.strand.storage.fs;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.function.Predicate;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

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
    return listMatching(fs, dir, name -> name.startsWith(prefix), new ArrayList<>());
  }

  /**
   * As {@link #listStartingWith(FileSystem, Path, String)}, adding to {@code unreadable} the
   * names, in a local directory, of the entries left out because their status cannot be had:
   * a symbolic link to nothing (or an entry removed meanwhile). Hadoop's listing drops such
   * entries without a word; other file systems add nothing.
   *
   * @throws IOException if {@code dir} cannot be listed
   */
  public static FileStatus[] listStartingWith(FileSystem fs, Path dir, String prefix, List<String> unreadable)
      throws IOException {
    return listMatching(fs, dir, name -> name.startsWith(prefix), unreadable);
  }

  /**
   * The entries of {@code dir} whose names {@code names} accepts, sorted by name; none if
   * {@code dir} does not exist. In a local directory, the names of entries left out because their
   * status cannot be had are added to {@code unreadable} (see above).
   *
   * <p>Hadoop's local listing asks the status of every entry before its filter sees the name: in
   * a strax data directory of 40,000 entries, about half a second per listing. Here a local
   * directory's names come from one directory read and only the accepted ones are asked; the
   * checksum files a checksummed local file system hides stay hidden.
   *
   * @throws IOException if {@code dir} cannot be listed
   */
  public static FileStatus[] listMatching(FileSystem fs, Path dir, Predicate<String> names, List<String> unreadable)
      throws IOException {
    RawLocalFileSystem local = rawLocal(fs);
    if (local == null) {
      try {
        FileStatus[] listed = fs.listStatus(dir, p -> names.test(p.getName()));
        Arrays.sort(listed, Comparator.comparing(st -> st.getPath().getName()));
        return listed;
      } catch (FileNotFoundException e) {
        return new FileStatus[0];
      }
    }
    File directory = local.pathToFile(dir);
    String[] accepted = directory.list((parent, name) -> names.test(name));
    if (accepted == null) {
      if (!directory.exists()) {
        return new FileStatus[0];
      }
      throw new IOException("cannot list " + dir + (directory.isDirectory() ? "" : ": not a directory"));
    }
    Arrays.sort(accepted);
    List<FileStatus> out = new ArrayList<>(accepted.length);
    for (String name : accepted) {
      Path path = new Path(dir, new Path(null, null, name));
      if (fs instanceof ChecksumFileSystem && ChecksumFileSystem.isChecksumFile(path)) {
        continue;
      }
      try {
        out.add(fs.getFileStatus(path));
      } catch (FileNotFoundException e) {
        unreadable.add(name);
      }
    }
    return out.toArray(new FileStatus[0]);
  }

  /** The local file system under {@code fs} (a checksummed one, say), or null if it is not local. */
  public static RawLocalFileSystem rawLocal(FileSystem fs) {
    FileSystem raw = fs instanceof FilterFileSystem filter ? filter.getRawFileSystem() : fs;
    return raw instanceof RawLocalFileSystem local ? local : null;
  }
}
