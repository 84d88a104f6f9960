package org.strand.storage.strax;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal reader of NumPy {@code .npy} files, for tests: the header's dtype text and shape,
 * and the raw bytes of the array. Independent of the production dtype code on purpose.
 */
record Npy(String descr, long rows, byte[] payload) {
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*(.*?),\\s*'fortran_order'");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\((\\d+),\\s*\\)");

  static Npy read(Path path) throws IOException {
    byte[] all = Files.readAllBytes(path);
    if (all[0] != (byte) 0x93 || !new String(all, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
      throw new IOException(path + " is not an .npy file");
    }
    int major = all[6];
    ByteBuffer bb = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
    int headerLen = major == 1 ? Short.toUnsignedInt(bb.getShort(8)) : bb.getInt(8);
    int headerStart = major == 1 ? 10 : 12;
    String header = new String(all, headerStart, headerLen, StandardCharsets.ISO_8859_1);
    if (header.contains("'fortran_order': True")) {
      throw new IOException(path + " is in Fortran order");
    }
    Matcher d = DESCR.matcher(header);
    Matcher s = SHAPE.matcher(header);
    if (!d.find() || !s.find()) {
      throw new IOException(path + ": cannot read header " + header);
    }
    int dataStart = headerStart + headerLen;
    byte[] payload = java.util.Arrays.copyOfRange(all, dataStart, all.length);
    return new Npy(d.group(1), Long.parseLong(s.group(1)), payload);
  }
}
