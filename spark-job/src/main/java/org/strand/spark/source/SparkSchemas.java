package org.strand.spark.source;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.strand.core.ConfigurationException;
import org.strand.core.Field;
import org.strand.core.FieldType;
import org.strand.core.Schema;

/**
 * strand schemas as Spark SQL types: each primitive type as its Spark type of the same width
 * (int8 as byte, int16 as short, ...), a fixed-size array field as an array of it (no nulls), the
 * field's description (a strax title) as the column's comment, and {@code run_id} (a string, so
 * run ids keep their leading zeros) after the data columns, as in strand's Parquet datasets. Rows
 * of an Arrow dataset root also carry {@code lineage} (a string) before {@code run_id}, as Spark
 * shows a Parquet root's two partition columns.
 */
final class SparkSchemas {
  /** The run id column every scan adds. */
  static final String RUN_ID = "run_id";
  /** The lineage hash column that scans of dataset roots add. */
  static final String LINEAGE = "lineage";

  private SparkSchemas() {}

  /** The Spark schema of a scan of {@code schema} (no {@code lineage} column). */
  static StructType of(Schema schema) {
    return of(schema, false);
  }

  /** The Spark schema of a scan of {@code input}. */
  static StructType of(StrandInput input) {
    return of(input.schema(), input.hasLineageColumn());
  }

  static StructType of(Schema schema, boolean withLineage) {
    for (String added : withLineage ? List.of(LINEAGE, RUN_ID) : List.of(RUN_ID)) {
      if (schema.has(added)) {
        throw new ConfigurationException("the data has a field named '" + added + "', which the strand data source adds itself");
      }
    }
    List<StructField> fields = new ArrayList<>(schema.size() + 2);
    for (Field f : schema.fields()) {
      StructField sf = DataTypes.createStructField(f.name(), type(f), false);
      fields.add(f.description().isEmpty() ? sf : sf.withComment(f.description()));
    }
    if (withLineage) {
      fields.add(DataTypes.createStructField(LINEAGE, DataTypes.StringType, false).withComment("Lineage hash"));
    }
    fields.add(DataTypes.createStructField(RUN_ID, DataTypes.StringType, false).withComment("Run id"));
    return DataTypes.createStructType(fields);
  }

  /** The Spark type of a field's values. */
  static DataType type(Field f) {
    DataType element = element(f.type());
    return f.isArray() ? ArrayType.apply(element, false) : element;
  }

  static DataType element(FieldType t) {
    return switch (t) {
      case BOOL -> DataTypes.BooleanType;
      case INT8 -> DataTypes.ByteType;
      case INT16 -> DataTypes.ShortType;
      case INT32 -> DataTypes.IntegerType;
      case INT64 -> DataTypes.LongType;
      case FLOAT32 -> DataTypes.FloatType;
      case FLOAT64 -> DataTypes.DoubleType;
    };
  }
}
