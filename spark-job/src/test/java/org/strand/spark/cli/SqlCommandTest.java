package org.strand.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How {@code strand sql} splits its argument into statements. */
class SqlCommandTest {
  @Test
  void split_onSemicolonsOutsideLiteralsIdentifiersAndComments() {
    assertEquals(List.of("SELECT 'a;b', `c;d`", "SELECT \"e;f\""), SqlCommand.split("SELECT 'a;b', `c;d`; SELECT \"e;f\";"));
    assertEquals(List.of("SELECT 'it\\'s; here'", "SELECT 2"), SqlCommand.split("SELECT 'it\\'s; here'; SELECT 2"));
    assertEquals(List.of("-- a note; with a semicolon\nSELECT 1", "/* x; y */ SELECT 2"),
        SqlCommand.split("-- a note; with a semicolon\nSELECT 1; /* x; y */ SELECT 2"));
  }

  @Test
  void split_dropsEmptyAndCommentOnlyStatements() {
    assertEquals(List.of("SELECT 1"), SqlCommand.split(" ; SELECT 1 ;; -- done\n ; /* nothing */"));
    assertEquals(List.of(), SqlCommand.split(" ;\n; "));
  }
}
