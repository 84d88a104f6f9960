package org.strand.spark.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The repository's root directory, found from the working directory (a module's, under Maven). */
final class Repository {
  private Repository() {}

  static Optional<Path> root() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("spark-job"))
          && Files.isDirectory(p.resolve("storage-adapters"))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
