package org.strand.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordered list of named {@link Field}s: the row type of a data type.
 *
 * <p>Time-ordered data (everything a {@link Chunk} holds) carries {@code time} (int64 ns) and
 * either {@code endtime} (int64 ns) or {@code length} and {@code dt} (integers; endtime = time +
 * length * dt), the strax convention. {@link #timeLayout()} says which.
 *
 * <p>Immutable and thread-safe.
 */
public final class Schema {
  /** How a row's end time is found. */
  public enum TimeLayout {
    /** An int64 {@code endtime} field. */
    ENDTIME,
    /** Integer {@code length} and {@code dt} fields: endtime = time + length * dt. */
    LENGTH_DT,
    /** No usable time fields: not time-ordered data. */
    NONE
  }

  private final List<Field> fields;
  private final Map<String, Integer> index;
  private final TimeLayout timeLayout;
  private final int rowBytes;

  private Schema(List<Field> fields) {
    this.fields = List.copyOf(fields);
    Map<String, Integer> idx = new HashMap<>();
    int bytes = 0;
    for (int i = 0; i < this.fields.size(); i++) {
      Field f = this.fields.get(i);
      if (idx.put(f.name(), i) != null) {
        throw new IllegalArgumentException("schema has two fields named '" + f.name() + "'");
      }
      bytes += f.rowBytes();
    }
    this.index = Map.copyOf(idx);
    this.rowBytes = bytes;
    this.timeLayout = detectTimeLayout();
  }

  public static Schema of(Field... fields) {
    return new Schema(Arrays.asList(fields));
  }

  public static Schema of(List<Field> fields) {
    return new Schema(fields);
  }

  /** A schema builder, for schemas assembled field by field. */
  public static Builder builder() {
    return new Builder();
  }

  public List<Field> fields() {
    return fields;
  }

  public int size() {
    return fields.size();
  }

  public Field field(int i) {
    return fields.get(i);
  }

  /**
   * The field called {@code name}.
   *
   * @throws IllegalArgumentException naming the field and the schema's fields
   */
  public Field field(String name) {
    return fields.get(indexOf(name));
  }

  /**
   * The position of the field called {@code name}.
   *
   * @throws IllegalArgumentException naming the field and the schema's fields
   */
  public int indexOf(String name) {
    Integer i = index.get(name);
    if (i == null) {
      throw new IllegalArgumentException("no field '" + name + "' in schema " + this);
    }
    return i;
  }

  public boolean has(String name) {
    return index.containsKey(name);
  }

  /** Bytes per row in a packed NumPy-style layout (NumPy's itemsize). */
  public int rowBytes() {
    return rowBytes;
  }

  public TimeLayout timeLayout() {
    return timeLayout;
  }

  /** A new schema with {@code extra} appended. */
  public Schema plus(Field... extra) {
    List<Field> all = new ArrayList<>(fields);
    all.addAll(Arrays.asList(extra));
    return new Schema(all);
  }

  private TimeLayout detectTimeLayout() {
    if (!isScalar("time", FieldType.INT64)) {
      return TimeLayout.NONE;
    }
    if (isScalar("endtime", FieldType.INT64)) {
      return TimeLayout.ENDTIME;
    }
    if (isScalarInteger("length") && isScalarInteger("dt")) {
      return TimeLayout.LENGTH_DT;
    }
    return TimeLayout.NONE;
  }

  private boolean isScalar(String name, FieldType type) {
    Integer i = index.get(name);
    return i != null && fields.get(i).type() == type && !fields.get(i).isArray();
  }

  private boolean isScalarInteger(String name) {
    Integer i = index.get(name);
    return i != null && fields.get(i).type().isInteger() && !fields.get(i).isArray();
  }

  /**
   * Whether {@code other} has the same field names, types and array lengths in the same order, so
   * the same columns fit both; descriptions may differ.
   */
  public boolean sameLayout(Schema other) {
    if (size() != other.size()) {
      return false;
    }
    for (int i = 0; i < size(); i++) {
      Field x = field(i);
      Field y = other.field(i);
      if (!x.name().equals(y.name()) || x.type() != y.type() || x.length() != y.length()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Schema s && s.fields.equals(fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  /** The schema text form, e.g. {@code {time: int64, length: int32, data: int16[110]}}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(fields.get(i));
    }
    return sb.append('}').toString();
  }

  /** Accumulates fields in order. Not thread-safe. */
  public static final class Builder {
    private final List<Field> fields = new ArrayList<>();

    private Builder() {}

    public Builder scalar(String name, FieldType type, String description) {
      fields.add(Field.scalar(name, type, description));
      return this;
    }

    public Builder array(String name, FieldType type, int length, String description) {
      fields.add(Field.array(name, type, length, description));
      return this;
    }

    public Builder add(Field field) {
      fields.add(field);
      return this;
    }

    public Builder addAll(Schema schema) {
      fields.addAll(schema.fields());
      return this;
    }

    public Schema build() {
      return new Schema(fields);
    }
  }
}
