package org.strand.spark.sql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.strand.core.Field;
import org.strand.storage.dataset.ManifestEntry;

/**
 * The columns of a type's view when its runs show several lineages whose schemas differ: a
 * plugin's newer version added a field, or dropped one. The view shows every field of every
 * lineage shown, in the newest lineage's order followed by the fields only older ones have;
 * a run whose lineage lacks a field shows it as null. A field whose SQL type differs between
 * lineages cannot be one column: the type then has no view, and a message says which field
 * and lineages disagree and how to pick one.
 *
 * @param type the data type
 * @param fields the data columns ({@code lineage} and {@code run_id} follow them in every view)
 * @param conflict why the type can have no view (as "its field 'x' is ..."), or empty
 */
record ViewColumns(String type, List<Field> fields, Optional<String> conflict) {
  /** The partition columns every view ends with, strings both. */
  static final String LINEAGE = "lineage";
  static final String RUN_ID = "run_id";

  /** The columns for {@code entries}, the published runs of {@code type} that its view shows. */
  static ViewColumns of(String type, List<ManifestEntry> entries) {
    List<ManifestEntry> newestFirst = new ArrayList<>(entries);
    newestFirst.sort(Comparator.comparing(ManifestEntry::published).reversed());
    Map<String, Field> fields = new LinkedHashMap<>();
    Map<String, String> lineageOf = new LinkedHashMap<>();
    for (ManifestEntry e : newestFirst) {
      for (Field f : e.schema().fields()) {
        Field seen = fields.putIfAbsent(f.name(), f);
        lineageOf.putIfAbsent(f.name(), e.lineage());
        if (seen != null && !TablesSql.sqlType(seen).equals(TablesSql.sqlType(f))) {
          return new ViewColumns(type, List.of(), Optional.of("its field '" + f.name() + "' is "
              + TablesSql.sqlType(seen) + " in lineage " + lineageOf.get(f.name()) + " but " + TablesSql.sqlType(f)
              + " in lineage " + e.lineage() + "; pick one with --lineage"));
        }
      }
    }
    return new ViewColumns(type, List.copyOf(fields.values()), Optional.empty());
  }

  /**
   * The Spark schema of the view: the fields as Spark's Parquet reader shows strand's Parquet
   * files (nullable, arrays that may hold nulls, the description as the comment), then
   * {@code lineage} and {@code run_id} as strings.
   */
  StructType sparkSchema() {
    StructType schema = new StructType();
    for (Field f : fields) {
      StructField column = DataTypes.createStructField(f.name(), sparkType(f), true);
      schema = schema.add(f.description().isEmpty() ? column : column.withComment(f.description()));
    }
    return schema.add(LINEAGE, DataTypes.StringType).add(RUN_ID, DataTypes.StringType);
  }

  /**
   * The view's columns as SQL select expressions over one lineage's scan, which has the fields
   * {@code has} accepts: each field by name, or a null of its type where the scan lacks it, then
   * {@code lineage} and {@code run_id}.
   */
  List<String> selectFrom(Predicate<String> has) {
    List<String> out = new ArrayList<>();
    for (Field f : fields) {
      String column = TablesSql.quoteIdentifier(f.name());
      out.add(has.test(f.name()) ? column : "CAST(NULL AS " + TablesSql.sqlType(f) + ") AS " + column);
    }
    out.add(TablesSql.quoteIdentifier(LINEAGE));
    out.add(TablesSql.quoteIdentifier(RUN_ID));
    return out;
  }

  private static DataType sparkType(Field f) {
    return DataType.fromDDL(TablesSql.sqlType(f));
  }
}
