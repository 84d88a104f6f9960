package org.strand.storage.strax;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.strand.core.Table;

/**
 * The row decoder against an element-by-element oracle on random dtypes: every kind and width,
 * both byte orders, scalars and sub-arrays, padding, and row sizes that are and are not a
 * multiple of an element's size (which decide between the bulk and the per-element paths), from
 * a buffer longer than the rows; with and without the direct memory copies (without them, the
 * paths of a JVM that does not grant {@code Unsafe}).
 */
class RowDecoderTest {
  private static final String[] CODES = {"b1", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "f4", "f8"};

  @Property(tries = 300)
  void decode_equalsElementByElementReading(@ForAll long seed, @ForAll @IntRange(min = 0, max = 40) int rows,
      @ForAll boolean direct) {
    Random r = new Random(seed);
    List<String> entries = new ArrayList<>();
    int fields = 1 + r.nextInt(6);
    for (int i = 0; i < fields; i++) {
      if (r.nextInt(5) == 0) {
        entries.add("('', '|V" + (1 + r.nextInt(3)) + "')");
      }
      String code = (r.nextBoolean() ? "<" : ">") + CODES[r.nextInt(CODES.length)];
      String shape = r.nextInt(3) == 0 ? "" : ", (" + (1 + r.nextInt(12)) + ",)";
      entries.add("('f" + i + "', '" + code + "'" + shape + ")");
    }
    NumpyDtype dtype = NumpyDtype.parse("[" + String.join(", ", entries) + "]");
    byte[] bytes = new byte[rows * dtype.itemSize() + r.nextInt(50)];
    r.nextBytes(bytes);
    Table t = RowDecoder.decode(dtype, bytes, rows, direct);
    for (int f = 0; f < dtype.fields().size(); f++) {
      NumpyDtype.StoredField sf = dtype.fields().get(f);
      int width = sf.field().width();
      ByteBuffer bb = ByteBuffer.wrap(bytes).order(sf.order());
      for (int row = 0; row < rows; row++) {
        for (int k = 0; k < width; k++) {
          int at = row * dtype.itemSize() + sf.offset() + k * sf.elementBytes();
          int i = row * width + k;
          String where = "field " + sf.field() + " (" + sf.order() + ", row size " + dtype.itemSize() + "), row "
              + row + ", element " + k;
          if (sf.kind() == NumpyDtype.Kind.FLOAT) {
            double want = sf.elementBytes() == 4 ? bb.getFloat(at) : bb.getDouble(at);
            assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(t.getDouble(f, i)), where);
          } else {
            assertEquals(expectedInteger(sf, bb, at), t.getLong(f, i), where);
          }
        }
      }
    }
  }

  private static long expectedInteger(NumpyDtype.StoredField sf, ByteBuffer bb, int at) {
    return switch (sf.kind()) {
      case BOOL -> bb.get(at) != 0 ? 1 : 0;
      case SIGNED -> switch (sf.elementBytes()) {
        case 1 -> bb.get(at);
        case 2 -> bb.getShort(at);
        case 4 -> bb.getInt(at);
        default -> bb.getLong(at);
      };
      case UNSIGNED -> switch (sf.elementBytes()) {
        case 1 -> bb.get(at) & 0xff;
        case 2 -> bb.getShort(at) & 0xffff;
        default -> bb.getInt(at) & 0xffffffffL;
      };
      case FLOAT -> throw new AssertionError("floats are compared bitwise");
    };
  }
}
