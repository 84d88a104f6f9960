package org.strand.storage.strax;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.strand.core.Field;
import org.strand.core.FieldType;
import org.strand.core.Names;
import org.strand.core.Schema;

/**
 * A NumPy structured dtype as strax writes it into its metadata: the text of
 * {@code repr(dtype.descr)}, a list with one entry per field, e.g.
 * {@code [(('Start time since unix epoch [ns]', 'time'), '<i8'), ('data', '<i2', (110,))]}.
 *
 * <p>An entry is {@code (name, code)} or {@code ((title, name), code)}, optionally followed by a
 * sub-array shape; {@code code} is a byte order ({@code <}, {@code >}, {@code |}, {@code =})
 * followed by a kind and a width. Supported kinds: booleans ({@code b1}), signed integers
 * ({@code i1}..{@code i8}), unsigned integers up to 4 bytes (read into the next wider signed
 * type, since strand's types are signed) and floats ({@code f4}, {@code f8}). A sub-array of any
 * shape becomes a fixed-size array field of the shape's product, in C order. Padding entries
 * ({@code ('', '|V4')}) are skipped. Titles become field descriptions.
 *
 * <p>Immutable.
 */
final class NumpyDtype {
  /** How the bytes of one element are read. */
  enum Kind {
    BOOL,
    SIGNED,
    UNSIGNED,
    FLOAT
  }

  /**
   * One field as stored: where it sits in a row and how to read it.
   *
   * @param field the strand field it becomes
   * @param offset byte offset of the field in a row
   * @param kind how an element is read
   * @param elementBytes bytes of one stored element
   * @param order the stored byte order
   */
  record StoredField(Field field, int offset, Kind kind, int elementBytes, ByteOrder order) {}

  private final List<StoredField> fields;
  private final int itemSize;
  private final Schema schema;

  private NumpyDtype(List<StoredField> fields, int itemSize) {
    this.fields = List.copyOf(fields);
    this.itemSize = itemSize;
    List<Field> schemaFields = new ArrayList<>(fields.size());
    for (StoredField f : fields) {
      schemaFields.add(f.field());
    }
    this.schema = Schema.of(schemaFields);
  }

  /**
   * Parses a dtype description.
   *
   * @throws IllegalArgumentException naming the offending entry and what is allowed
   */
  static NumpyDtype parse(String descr) {
    Object parsed;
    try {
      parsed = PythonLiteral.parse(descr);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("dtype text does not parse: " + e.getMessage(), e);
    }
    if (!(parsed instanceof List<?> entries) || entries.isEmpty()) {
      throw new IllegalArgumentException("dtype must be a non-empty list of fields, got: " + abbreviate(descr));
    }
    List<StoredField> out = new ArrayList<>();
    int offset = 0;
    for (Object entry : entries) {
      if (!(entry instanceof List<?> parts) || parts.size() < 2 || parts.size() > 3) {
        throw new IllegalArgumentException("dtype entry " + entry + " is not (name, type) or (name, type, shape)");
      }
      String name;
      String title = "";
      if (parts.get(0) instanceof String s) {
        name = s;
      } else if (parts.get(0) instanceof List<?> nt && nt.size() == 2
          && nt.get(0) instanceof String t && nt.get(1) instanceof String n) {
        title = t;
        name = n;
      } else {
        throw new IllegalArgumentException("dtype entry " + entry + " has no usable name (expected 'name' or ('title', 'name'))");
      }
      if (!(parts.get(1) instanceof String code)) {
        throw new IllegalArgumentException("field '" + name + "': " + parts.get(1) + " is not a type code such as '<i8'"
            + (parts.get(1) instanceof List ? " (nested structures are not supported)" : ""));
      }
      int count = parts.size() == 3 ? shapeProduct(name, parts.get(2)) : 0;
      if (name.isEmpty() && code.length() >= 2 && code.charAt(1) == 'V') {
        offset = Math.addExact(offset, Math.multiplyExact(voidWidth(code), Math.max(count, 1)));
        continue;
      }
      if (!Names.isIdentifier(name)) {
        throw new IllegalArgumentException("field name '" + name + "' is not a lower-case identifier (a-z, then a-z, 0-9 or '_')");
      }
      StoredField f = field(name, oneLine(title), code, count, offset);
      out.add(f);
      offset = Math.addExact(offset, Math.multiplyExact(f.elementBytes(), f.field().width()));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("dtype has no fields besides padding");
    }
    return new NumpyDtype(out, offset);
  }

  private static StoredField field(String name, String title, String code, int count, int offset) {
    if (code.length() < 3) {
      throw unsupported(name, code);
    }
    char orderChar = code.charAt(0);
    ByteOrder order = switch (orderChar) {
      case '<', '|', '=' -> ByteOrder.LITTLE_ENDIAN;
      case '>' -> ByteOrder.BIG_ENDIAN;
      default -> throw unsupported(name, code);
    };
    char kindChar = code.charAt(1);
    int width;
    try {
      width = Integer.parseInt(code.substring(2));
    } catch (NumberFormatException e) {
      throw unsupported(name, code);
    }
    Kind kind;
    FieldType type;
    if (kindChar == 'b' && width == 1) {
      kind = Kind.BOOL;
      type = FieldType.BOOL;
    } else if (kindChar == 'i') {
      kind = Kind.SIGNED;
      type = switch (width) {
        case 1 -> FieldType.INT8;
        case 2 -> FieldType.INT16;
        case 4 -> FieldType.INT32;
        case 8 -> FieldType.INT64;
        default -> throw unsupported(name, code);
      };
    } else if (kindChar == 'u') {
      kind = Kind.UNSIGNED;
      type = switch (width) {
        case 1 -> FieldType.INT16;
        case 2 -> FieldType.INT32;
        case 4 -> FieldType.INT64;
        default -> throw unsupported(name, code);
      };
    } else if (kindChar == 'f') {
      kind = Kind.FLOAT;
      type = switch (width) {
        case 4 -> FieldType.FLOAT32;
        case 8 -> FieldType.FLOAT64;
        default -> throw unsupported(name, code);
      };
    } else {
      throw unsupported(name, code);
    }
    Field f = count == 0 ? Field.scalar(name, type, title) : Field.array(name, type, count, title);
    return new StoredField(f, offset, kind, width, order);
  }

  private static int shapeProduct(String name, Object shape) {
    if (!(shape instanceof List<?> dims) || dims.isEmpty()) {
      throw new IllegalArgumentException("field '" + name + "': sub-array shape " + shape + " is not a tuple of sizes");
    }
    long product = 1;
    for (Object d : dims) {
      if (!(d instanceof Long n) || n < 1) {
        throw new IllegalArgumentException("field '" + name + "': sub-array shape " + shape + " must hold sizes >= 1");
      }
      product *= n;
      if (product > Integer.MAX_VALUE / 8) {
        throw new IllegalArgumentException("field '" + name + "': sub-array shape " + shape + " is too large");
      }
    }
    return (int) product;
  }

  private static int voidWidth(String code) {
    try {
      int w = Integer.parseInt(code.substring(2));
      if (w >= 0) {
        return w;
      }
    } catch (NumberFormatException e) {
      // fall through to the error below
    }
    throw new IllegalArgumentException("padding entry has a bad width: '" + code + "'");
  }

  private static IllegalArgumentException unsupported(String name, String code) {
    return new IllegalArgumentException("field '" + name + "' has unsupported type code '" + code
        + "'; supported: b1, i1, i2, i4, i8, u1, u2, u4 (read as the next wider signed type), f4, f8,"
        + " with byte order <, >, | or =");
  }

  private static String oneLine(String s) {
    return s.replace('\n', ' ').replace('\r', ' ').strip();
  }

  static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  List<StoredField> fields() {
    return fields;
  }

  /** Bytes per row, as NumPy's {@code itemsize}. */
  int itemSize() {
    return itemSize;
  }

  /** The strand schema of the rows. */
  Schema schema() {
    return schema;
  }
}
