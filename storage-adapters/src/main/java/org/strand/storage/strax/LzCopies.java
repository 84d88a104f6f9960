package org.strand.storage.strax;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The copy steps of the LZ77 decoders (LZ4, BloscLZ): literal runs and back-references, which on
 * waveform data are mostly a few bytes long (on strax's raw_records, 1.5 literals and a 7-byte
 * match per LZ4 sequence), so the cost of each copy decides the speed.
 *
 * <p><b>Wide moves.</b> Short copies go eight bytes at a time, one unaligned load and store each,
 * and may write past the copy's end ({@link #copy16} up to 16 bytes, {@link #match24} up to 24,
 * {@link #wildMatch} up to 7 past the length). Callers use them only when
 * that much room is left before their output limit; the bytes written past the end lie where the
 * decoder writes next, so they are overwritten before anyone reads them. A back-reference closer
 * than 8 bytes overlaps its own output and goes through {@link #match}, which never reads a byte
 * before it is written.
 *
 * <p>The moves go through {@code sun.misc.Unsafe} where {@link UnsafeAccess} allows it (see there
 * why), else through bounds-checked {@link VarHandle}s ({@code *Checked}, tested on their own).
 * With {@code Unsafe}, nothing here checks bounds: the decoders establish them before every wide
 * move (each checks its offsets against its array lengths once, then keeps {@code ip},
 * {@code op} and {@code ref} inside them with the length checks it needs anyway), and every
 * caller in this package is covered by property tests on damaged input that also check no byte
 * past the output's limit is written.
 *
 * <p>Stateless and thread-safe.
 */
final class LzCopies {
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final sun.misc.Unsafe UNSAFE = UnsafeAccess.UNSAFE;
  private static final long BASE = UnsafeAccess.BYTES;

  private LzCopies() {}

  /** The unsigned little-endian 16-bit value at {@code b[i]}. */
  static int readShortLE(byte[] b, int i) {
    return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
  }

  /** Copies 16 bytes from {@code src[ip..]} to {@code out[op..]}; callers use the first 0 to 16. */
  static void copy16(byte[] src, int ip, byte[] out, int op) {
    if (UNSAFE != null) {
      UNSAFE.putLong(out, BASE + op, UNSAFE.getLong(src, BASE + ip));
      UNSAFE.putLong(out, BASE + op + 8, UNSAFE.getLong(src, BASE + ip + 8));
    } else {
      copy16Checked(src, ip, out, op);
    }
  }

  static void copy16Checked(byte[] src, int ip, byte[] out, int op) {
    LONG.set(out, op, (long) LONG.get(src, ip));
    LONG.set(out, op + 8, (long) LONG.get(src, ip + 8));
  }

  /**
   * Copies a back-reference of up to 24 bytes lying at least 8 bytes back
   * ({@code op - ref >= 8}) as three 8-byte moves; writes 24 bytes. Each load ends at or before
   * the position of its store, so it reads only bytes already written, as a byte-by-byte copy
   * would.
   */
  static void match24(byte[] out, int ref, int op) {
    if (UNSAFE != null) {
      UNSAFE.putLong(out, BASE + op, UNSAFE.getLong(out, BASE + ref));
      UNSAFE.putLong(out, BASE + op + 8, UNSAFE.getLong(out, BASE + ref + 8));
      UNSAFE.putLong(out, BASE + op + 16, UNSAFE.getLong(out, BASE + ref + 16));
    } else {
      match24Checked(out, ref, op);
    }
  }

  static void match24Checked(byte[] out, int ref, int op) {
    LONG.set(out, op, (long) LONG.get(out, ref));
    LONG.set(out, op + 8, (long) LONG.get(out, ref + 8));
    LONG.set(out, op + 16, (long) LONG.get(out, ref + 16));
  }

  /**
   * Copies the back-reference {@code out[ref, ref + length)} to {@code out[op..]} when it lies at
   * least 8 bytes back ({@code op - ref >= 8}), eight bytes at a time; writes up to 7 bytes past
   * {@code op + length}.
   */
  static void wildMatch(byte[] out, int ref, int op, int length) {
    int stop = op + length;
    if (UNSAFE != null) {
      do {
        UNSAFE.putLong(out, BASE + op, UNSAFE.getLong(out, BASE + ref));
        op += 8;
        ref += 8;
      } while (op < stop);
    } else {
      do {
        LONG.set(out, op, (long) LONG.get(out, ref));
        op += 8;
        ref += 8;
      } while (op < stop);
    }
  }

  /** {@link #wildMatch} through bounds-checked views. */
  static void wildMatchChecked(byte[] out, int ref, int op, int length) {
    int stop = op + length;
    do {
      LONG.set(out, op, (long) LONG.get(out, ref));
      op += 8;
      ref += 8;
    } while (op < stop);
  }

  /**
   * Copies an LZ77 back-reference exactly (no byte past {@code op + length} is written). It may
   * overlap its own output: {@code out[ref, op)} then repeats. Bounds-checked.
   */
  static void match(byte[] out, int ref, int op, int length) {
    int distance = op - ref;
    if (distance >= length) {
      System.arraycopy(out, ref, out, op, length);
      return;
    }
    if (length <= 32) {
      for (int k = 0; k < length; k++) {
        out[op + k] = out[ref + k];
      }
      return;
    }
    // The pattern out[ref, op) repeats; each copy doubles the distance that is safe to copy.
    int pos = op;
    int stop = op + length;
    while (pos < stop) {
      int n = Math.min(pos - ref, stop - pos);
      System.arraycopy(out, ref, out, pos, n);
      pos += n;
    }
  }
}
