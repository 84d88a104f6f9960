package org.strand.plugin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * Hashes lineage encodings, and builds the lineage of a plugin's output for a run.
 *
 * <p>The hash is SHA-256 of the UTF-8 encoding, in lower-case RFC 4648 base32, first
 * {@link Lineage#HASH_LENGTH} characters (60 bits): short enough for paths, long enough that
 * distinct configurations do not collide in practice.
 */
public final class LineageHasher {
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private LineageHasher() {}

  /** The lineage of {@code type}, provided by {@code plugin} configured with {@code values}, from these inputs. */
  public static Lineage lineageOf(String type, Plugin plugin, OptionValues values, Map<String, Lineage> inputs) {
    return Lineage.of(type, plugin.name(), plugin.version(), values.trackedCanonical(plugin.options()), inputs);
  }

  static String hash(String encoding) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(encoding.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    StringBuilder sb = new StringBuilder(Lineage.HASH_LENGTH);
    int buffer = 0;
    int bits = 0;
    for (byte b : digest) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5 && sb.length() < Lineage.HASH_LENGTH) {
        sb.append(BASE32[(buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
      if (sb.length() == Lineage.HASH_LENGTH) {
        break;
      }
    }
    return sb.toString();
  }
}
