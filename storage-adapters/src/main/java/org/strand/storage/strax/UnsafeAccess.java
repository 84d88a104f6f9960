package org.strand.storage.strax;

import java.lang.reflect.Field;
import java.util.Locale;

/**
 * {@code sun.misc.Unsafe}, for the decoders' innermost loops ({@link Lz4FrameDecoder},
 * {@link BloscLz} through {@link LzCopies}, {@link RowDecoder}), when this JVM grants it and
 * the processor allows unaligned loads (x86-64, AArch64); else {@link #UNSAFE} is null and the
 * decoders use bounds-checked byte-array views instead.
 *
 * <p><b>Why.</b> A run's first chunk is decoded before the JIT's optimising compiler has compiled
 * the decoders (in a Spark job its queue is long with Spark's own code), by the interpreter and
 * by code compiled with profiling. There, a byte-array view {@link java.lang.invoke.VarHandle}
 * costs a call per access: the LZ4 decoder ran at about 20 MB/s in profiled code, against about
 * 130 MB/s with {@code Unsafe}'s intrinsics, and the row decoder likewise. Once optimised, both
 * are as fast or faster. The price is that an out-of-bounds offset would not be caught, so every
 * use establishes its bounds first (see each caller), and the callers' property tests check
 * that damaged input never writes outside the output.
 *
 * <p>Immutable.
 */
final class UnsafeAccess {
  /** The instance, or null when not usable here. */
  static final sun.misc.Unsafe UNSAFE = find();
  /** Offsets of the first element of each primitive array type (0 without {@link #UNSAFE}). */
  static final long BYTES = offset(byte[].class);
  static final long SHORTS = offset(short[].class);
  static final long INTS = offset(int[].class);
  static final long LONGS = offset(long[].class);
  static final long FLOATS = offset(float[].class);
  static final long DOUBLES = offset(double[].class);

  private UnsafeAccess() {}

  private static sun.misc.Unsafe find() {
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (!arch.equals("amd64") && !arch.equals("x86_64") && !arch.equals("aarch64")) {
      return null;
    }
    try {
      Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
      f.setAccessible(true);
      sun.misc.Unsafe u = (sun.misc.Unsafe) f.get(null);
      return u.arrayIndexScale(byte[].class) == 1 ? u : null;
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  private static long offset(Class<?> arrayClass) {
    return UNSAFE == null ? 0 : UNSAFE.arrayBaseOffset(arrayClass);
  }
}
