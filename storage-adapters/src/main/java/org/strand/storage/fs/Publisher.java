package org.strand.storage.fs;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.strand.core.StorageException;

/**
 * Makes finished files visible in one step, the first complete attempt winning, on any Hadoop
 * file system.
 *
 * <h2>The problem</h2>
 * A run is written aside (in staging) and then moved into place. {@code FileSystem.rename(src,
 * dst)} is the obvious tool and the wrong one: when {@code dst} is an existing directory, HDFS
 * (and Hadoop's local file system, through its copy fallback) moves {@code src} <em>into</em>
 * it, so a second attempt that checks "is it there?" and then renames, racing the first, nests
 * its files inside the winner's. On object stores rename is a copy, file by file, so a directory
 * appears piecemeal.
 *
 * <h2>What is done instead</h2>
 * <ul>
 *   <li>Local file systems: {@code java.nio} {@code ATOMIC_MOVE}, which is POSIX
 *       {@code rename(2)}: it fails on an existing non-empty directory instead of moving into it,
 *       so exactly one racing attempt wins. Files are written through the raw local file system
 *       (no {@code .crc} side files, so a move carries everything; permissions set without
 *       forking, see {@link NioLocalFileSystem}).
 *   <li>HDFS and other file systems with atomic rename: {@link FileContext#rename} with
 *       {@link Options.Rename#NONE}, which the NameNode performs atomically and which fails if
 *       the destination exists.
 *   <li>Object stores: check-then-rename of single files only (see {@link PublishMode}); two
 *       racing attempts may both copy, but each copy appears whole, and both hold the same data
 *       (same lineage), so readers never see a partial file.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class Publisher {
  private static final Set<String> ATOMIC_RENAME_SCHEMES = Set.of("hdfs", "viewfs", "webhdfs", "swebhdfs");

  private enum Kind {
    LOCAL,
    ATOMIC_RENAME,
    OBJECT_STORE
  }

  private final FileSystem fs;
  private final Kind kind;
  private final boolean singleFile;
  private final FileContext fileContext;

  private Publisher(FileSystem fs, Kind kind, boolean singleFile, FileContext fileContext) {
    this.fs = fs;
    this.kind = kind;
    this.singleFile = singleFile;
    this.fileContext = fileContext;
  }

  /**
   * The publisher for the file system holding {@code root}.
   *
   * @throws StorageException if the file system cannot be reached
   */
  public static Publisher forRoot(Path root, Configuration conf, PublishMode mode) {
    Objects.requireNonNull(mode, "mode");
    try {
      FileSystem fs = root.getFileSystem(conf);
      String scheme = fs.getUri().getScheme() == null ? "" : fs.getUri().getScheme().toLowerCase(Locale.ROOT);
      if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
        fs = NioLocalFileSystem.create(conf);
      }
      Kind kind;
      FileContext fc = null;
      if (fs instanceof RawLocalFileSystem) {
        kind = Kind.LOCAL;
      } else if (ATOMIC_RENAME_SCHEMES.contains(scheme)) {
        kind = Kind.ATOMIC_RENAME;
        fc = FileContext.getFileContext(fs.getUri(), conf);
      } else {
        kind = Kind.OBJECT_STORE;
      }
      boolean single = mode == PublishMode.SINGLE_FILE || (mode == PublishMode.AUTO && kind == Kind.OBJECT_STORE);
      return new Publisher(fs, kind, single, fc);
    } catch (IOException e) {
      throw new StorageException(root + ": cannot reach its file system: " + e.getMessage(), e);
    }
  }

  /** The file system to write with (for local paths, the raw one without checksum side files). */
  public FileSystem fileSystem() {
    return fs;
  }

  /** Whether each (run, type) must be one file (see {@link PublishMode}). */
  public boolean singleFile() {
    return singleFile;
  }

  /** Whether directory publishing is atomic here (local file systems and HDFS). */
  public boolean atomicDirectories() {
    return kind != Kind.OBJECT_STORE;
  }

  /**
   * Moves the finished directory {@code staged} to {@code target} unless {@code target} exists.
   * The parent of {@code target} is created if needed.
   *
   * @return true if published; false if {@code target} already existed (another attempt won;
   *     {@code staged} is left for the caller to discard)
   * @throws StorageException if the move fails for another reason
   */
  public boolean publishDirectory(Path staged, Path target) {
    mkdirs(target.getParent());
    return renameNoReplace(staged, target);
  }

  /**
   * Moves the finished file {@code staged} to {@code target} unless {@code target} exists.
   *
   * @return true if published; false if {@code target} already existed
   */
  public boolean publishFile(Path staged, Path target) {
    mkdirs(target.getParent());
    if (kind == Kind.LOCAL) {
      File src = localFile(staged);
      File dst = localFile(target);
      try {
        // A hard link cannot replace an existing file: the no-replace check and the move are one step.
        Files.createLink(dst.toPath(), src.toPath());
        Files.delete(src.toPath());
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } catch (UnsupportedOperationException | IOException e) {
        return renameNoReplace(staged, target);
      }
    }
    return renameNoReplace(staged, target);
  }

  /**
   * Writes {@code content} to {@code target}, replacing what is there, such that readers see
   * the old content or the new, never a part. {@code tmp} is a scratch path in staging.
   */
  public void writeReplacing(Path target, byte[] content, Path tmp) {
    mkdirs(target.getParent());
    try {
      if (kind == Kind.OBJECT_STORE) {
        // A single PUT appears atomically.
        write(target, content);
        return;
      }
      write(tmp, content);
      if (kind == Kind.LOCAL) {
        Files.move(localFile(tmp).toPath(), localFile(target).toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        fileContext.rename(tmp, target, Options.Rename.OVERWRITE);
      }
    } catch (IOException e) {
      throw new StorageException(target + ": cannot write: " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code content} to {@code target} unless a file is there already (whose content, by
   * the caller's contract, is the same).
   *
   * @return true if this call wrote it
   */
  public boolean writeIfAbsent(Path target, byte[] content, Path tmp) {
    try {
      if (fs.exists(target)) {
        return false;
      }
      if (kind == Kind.OBJECT_STORE) {
        mkdirs(target.getParent());
        write(target, content);
        return true;
      }
      write(tmp, content);
      boolean won = publishFile(tmp, target);
      if (!won) {
        fs.delete(tmp, false);
      }
      return won;
    } catch (IOException e) {
      throw new StorageException(target + ": cannot write: " + e.getMessage(), e);
    }
  }

  /**
   * Moves {@code target} (a published directory or file) to {@code aside} if it exists, for
   * replacing it. Returns whether something was moved.
   */
  public boolean moveAside(Path target, Path aside) {
    try {
      if (!fs.exists(target)) {
        return false;
      }
    } catch (IOException e) {
      throw new StorageException(target + ": cannot check whether it exists: " + e.getMessage(), e);
    }
    mkdirs(aside.getParent());
    return renameNoReplace(target, aside);
  }

  private boolean renameNoReplace(Path src, Path dst) {
    try {
      switch (kind) {
        case LOCAL -> {
          try {
            Files.move(localFile(src).toPath(), localFile(dst).toPath(), StandardCopyOption.ATOMIC_MOVE);
            return true;
          } catch (AtomicMoveNotSupportedException e) {
            throw new StorageException(src + " -> " + dst + ": the local file system cannot rename atomically here", e);
          } catch (IOException e) {
            if (Files.exists(localFile(dst).toPath())) {
              return false;
            }
            throw e;
          }
        }
        case ATOMIC_RENAME -> {
          try {
            fileContext.rename(src, dst, Options.Rename.NONE);
            return true;
          } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
          }
        }
        default -> {
          if (fs.exists(dst)) {
            return false;
          }
          if (!fs.rename(src, dst)) {
            if (fs.exists(dst)) {
              return false;
            }
            throw new IOException("rename returned false");
          }
          return true;
        }
      }
    } catch (FileNotFoundException e) {
      throw new StorageException(src + " -> " + dst + ": cannot publish, the staged data is gone: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new StorageException(src + " -> " + dst + ": cannot publish: " + e.getMessage(), e);
    }
  }

  private void write(Path path, byte[] content) throws IOException {
    try (FSDataOutputStream out = fs.create(path, true)) {
      out.write(content);
    }
  }

  private void mkdirs(Path dir) {
    try {
      if (!fs.mkdirs(dir) && !fs.getFileStatus(dir).isDirectory()) {
        throw new StorageException(dir + ": cannot create directory");
      }
    } catch (IOException e) {
      throw new StorageException(dir + ": cannot create directory: " + e.getMessage(), e);
    }
  }

  private File localFile(Path p) {
    URI uri = fs.makeQualified(p).toUri();
    return new File(uri.getPath());
  }
}
