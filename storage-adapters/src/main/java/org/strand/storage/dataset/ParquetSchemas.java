package org.strand.storage.dataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.strand.core.CanonicalJson;
import org.strand.core.Field;
import org.strand.core.FieldType;
import org.strand.core.Schema;

/**
 * strand schemas as Parquet schemas that Spark SQL, DuckDB and pyarrow read naturally.
 *
 * <p>Every field is required (strand has no nulls). bool is BOOLEAN; int8 and int16 are INT32
 * annotated as 8- and 16-bit integers (read back as byte and short); int32, int64, float32 and
 * float64 are INT32, INT64, FLOAT and DOUBLE. A fixed-size array is the standard three-level
 * LIST ({@code required group data (LIST) { repeated group list { required int32 element; } }}),
 * which every reader maps to an array or list column.
 *
 * <p>Field descriptions have no place in a Parquet schema; they travel in the file's key-value
 * metadata twice: strand's own schema JSON, and Spark's row metadata (a StructType whose fields
 * carry the description as their {@code comment}), so Spark shows them as column comments.
 */
final class ParquetSchemas {
  /** The key-value metadata key under which Spark stores its own schema. */
  static final String SPARK_ROW_METADATA = "org.apache.spark.sql.parquet.row.metadata";

  private ParquetSchemas() {}

  static MessageType toParquet(Schema schema) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (Field f : schema.fields()) {
      if (f.isArray()) {
        b.addField(Types.requiredList().element(primitive(f.type(), "element")).named(f.name()));
      } else {
        b.addField(primitive(f.type(), f.name()));
      }
    }
    return b.named("strand");
  }

  private static Type primitive(FieldType type, String name) {
    return switch (type) {
      case BOOL -> Types.required(PrimitiveTypeName.BOOLEAN).named(name);
      case INT8 -> Types.required(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(8, true)).named(name);
      case INT16 -> Types.required(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.intType(16, true)).named(name);
      case INT32 -> Types.required(PrimitiveTypeName.INT32).named(name);
      case INT64 -> Types.required(PrimitiveTypeName.INT64).named(name);
      case FLOAT32 -> Types.required(PrimitiveTypeName.FLOAT).named(name);
      case FLOAT64 -> Types.required(PrimitiveTypeName.DOUBLE).named(name);
    };
  }

  /** Spark's StructType JSON for the schema, descriptions as column comments. */
  static String sparkRowMetadata(Schema schema) {
    List<Object> fields = new ArrayList<>();
    for (Field f : schema.fields()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", f.name());
      String element = sparkType(f.type());
      if (f.isArray()) {
        Map<String, Object> array = new LinkedHashMap<>();
        array.put("type", "array");
        array.put("elementType", element);
        array.put("containsNull", false);
        m.put("type", array);
      } else {
        m.put("type", element);
      }
      m.put("nullable", false);
      m.put("metadata", f.description().isEmpty() ? Map.of() : Map.of("comment", f.description()));
      fields.add(m);
    }
    Map<String, Object> struct = new LinkedHashMap<>();
    struct.put("type", "struct");
    struct.put("fields", fields);
    return CanonicalJson.write(struct);
  }

  private static String sparkType(FieldType t) {
    return switch (t) {
      case BOOL -> "boolean";
      case INT8 -> "byte";
      case INT16 -> "short";
      case INT32 -> "integer";
      case INT64 -> "long";
      case FLOAT32 -> "float";
      case FLOAT64 -> "double";
    };
  }
}
