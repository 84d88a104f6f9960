package org.strand.chain;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.strand.core.Field;
import org.strand.core.FieldType;
import org.strand.core.Schema;
import org.strand.core.Table;

/**
 * Reads a NumPy {@code .npy} file holding a one-dimensional, little-endian structured array with
 * titled fields (what strax writes) into a {@link Table}. Test support only: enough of the
 * format for the reference data, with clear errors for anything else.
 */
final class NpyFile {
  private NpyFile() {}

  private static final Pattern FIELD = Pattern.compile(
      "\\(\\(\\s*'((?:[^'\\\\]|\\\\.)*)'\\s*,\\s*'([a-z_0-9]+)'\\s*\\)\\s*,\\s*'([<>|])([a-z])(\\d+)'\\s*(?:,\\s*\\((\\d+),?\\))?\\s*\\)");

  /** The schema the file's dtype describes (names, types, array lengths, titles). */
  static Schema schemaOf(String descr) {
    List<Field> fields = new ArrayList<>();
    Matcher m = FIELD.matcher(descr);
    while (m.find()) {
      String title = m.group(1);
      String name = m.group(2);
      if (m.group(3).equals(">")) {
        throw new IllegalArgumentException("field '" + name + "' is big-endian; only little-endian is supported");
      }
      FieldType type = type(m.group(4), Integer.parseInt(m.group(5)), name);
      int length = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
      fields.add(new Field(name, type, length, title));
    }
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("no titled structured fields in dtype " + descr);
    }
    return Schema.of(fields);
  }

  private static FieldType type(String kind, int bytes, String name) {
    String code = kind + bytes;
    switch (code) {
      case "b1": return FieldType.BOOL;
      case "i1": case "u1": return FieldType.INT8;
      case "i2": return FieldType.INT16;
      case "i4": return FieldType.INT32;
      case "i8": return FieldType.INT64;
      case "f4": return FieldType.FLOAT32;
      case "f8": return FieldType.FLOAT64;
      default: throw new IllegalArgumentException("field '" + name + "' has unsupported type " + code);
    }
  }

  /** The file's rows, as a table of the schema its header describes. */
  static Table read(Path path) throws IOException {
    byte[] all = Files.readAllBytes(path);
    ByteBuffer buf = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    if (all.length < 10 || all[0] != (byte) 0x93 || !new String(all, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
      throw new IOException(path + " is not a .npy file");
    }
    int major = all[6];
    int headerLength;
    int offset;
    if (major == 1) {
      headerLength = Short.toUnsignedInt(buf.getShort(8));
      offset = 10;
    } else {
      headerLength = buf.getInt(8);
      offset = 12;
    }
    String header = new String(all, offset, headerLength, StandardCharsets.ISO_8859_1);
    if (header.contains("'fortran_order': True")) {
      throw new IOException(path + " is in Fortran order");
    }
    Matcher shape = Pattern.compile("'shape':\\s*\\((\\d+),?\\)").matcher(header);
    if (!shape.find()) {
      throw new IOException(path + " is not one-dimensional: " + header);
    }
    int rows = Integer.parseInt(shape.group(1));
    int descrStart = header.indexOf("'descr':");
    int descrEnd = header.indexOf("'fortran_order'");
    Schema schema = schemaOf(header.substring(descrStart, descrEnd));
    return decode(buf, offset + headerLength, rows, schema);
  }

  /** Packed little-endian rows of {@code schema} (NumPy's layout, no padding) starting at {@code at}. */
  static Table decode(ByteBuffer buf, int at, int rows, Schema schema) {
    buf = buf.order(ByteOrder.LITTLE_ENDIAN);
    Table t = Table.allocate(schema, rows);
    int rowBytes = schema.rowBytes();
    if ((long) at + (long) rows * rowBytes > buf.limit()) {
      throw new IllegalArgumentException("data holds " + (buf.limit() - at) + " bytes, fewer than " + rows + " rows of "
          + rowBytes + " bytes need");
    }
    int fieldOffset = 0;
    for (int f = 0; f < schema.size(); f++) {
      Field field = schema.field(f);
      int w = field.width();
      Object col = t.column(f);
      for (int r = 0; r < rows; r++) {
        int p = at + r * rowBytes + fieldOffset;
        for (int k = 0; k < w; k++) {
          int idx = r * w + k;
          switch (field.type()) {
            case BOOL -> ((boolean[]) col)[idx] = buf.get(p + k) != 0;
            case INT8 -> ((byte[]) col)[idx] = buf.get(p + k);
            case INT16 -> ((short[]) col)[idx] = buf.getShort(p + 2 * k);
            case INT32 -> ((int[]) col)[idx] = buf.getInt(p + 4 * k);
            case INT64 -> ((long[]) col)[idx] = buf.getLong(p + 8 * k);
            case FLOAT32 -> ((float[]) col)[idx] = buf.getFloat(p + 4 * k);
            case FLOAT64 -> ((double[]) col)[idx] = buf.getDouble(p + 8 * k);
          }
        }
      }
      fieldOffset += field.rowBytes();
    }
    return t;
  }
}
