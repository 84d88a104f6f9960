package org.strand.storage.fs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.strand.core.Field;
import org.strand.core.FieldType;
import org.strand.core.Schema;

/**
 * A {@link Schema} as JSON, as stored in manifests and file metadata: a list of
 * {@code {"name", "type", "length", "description"}} objects, {@code length} 0 for scalars.
 */
public final class SchemaJson {
  private SchemaJson() {}

  /** The schema as plain values for {@link org.strand.core.CanonicalJson}. */
  public static List<Object> toPlain(Schema schema) {
    List<Object> out = new ArrayList<>(schema.size());
    for (Field f : schema.fields()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", f.name());
      m.put("type", f.type().label());
      m.put("length", f.length());
      m.put("description", f.description());
      out.add(m);
    }
    return out;
  }

  /**
   * The schema described by {@code node}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static Schema fromJson(JsonNode node) {
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw new IllegalArgumentException("schema must be a non-empty list of fields");
    }
    List<Field> fields = new ArrayList<>(node.size());
    for (JsonNode f : node) {
      JsonNode name = f.get("name");
      JsonNode type = f.get("type");
      JsonNode length = f.get("length");
      if (name == null || !name.isTextual() || type == null || !type.isTextual() || length == null || !length.canConvertToInt()) {
        throw new IllegalArgumentException("schema field " + f + " needs a text name and type and an integer length");
      }
      JsonNode description = f.get("description");
      fields.add(new Field(name.textValue(), FieldType.fromLabel(type.textValue()), length.intValue(),
          description == null ? "" : description.asText()));
    }
    return Schema.of(fields);
  }
}
