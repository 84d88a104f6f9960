package org.strand.chain;

import java.util.Arrays;

/**
 * The pulses of one generated chunk before they become records: per pulse its start time,
 * channel and length in samples, and the range of its photoelectrons, whose times are kept
 * relative to the pulse start (so that a pulse can be moved as a whole).
 */
final class PulseList {
  int size;
  long[] start = new long[256];
  int[] channel = new int[256];
  int[] length = new int[256];
  int[] photonFrom = new int[256];
  int[] photonTo = new int[256];

  int photons;
  double[] photonOffset = new double[1024];

  /** Adds a pulse; its photoelectrons are those added since the previous pulse. */
  void addPulse(long startNs, int ch, int samples, int firstPhoton) {
    if (size == start.length) {
      int c = size * 2;
      start = Arrays.copyOf(start, c);
      channel = Arrays.copyOf(channel, c);
      length = Arrays.copyOf(length, c);
      photonFrom = Arrays.copyOf(photonFrom, c);
      photonTo = Arrays.copyOf(photonTo, c);
    }
    start[size] = startNs;
    channel[size] = ch;
    length[size] = samples;
    photonFrom[size] = firstPhoton;
    photonTo[size] = photons;
    size++;
  }

  void addPhoton(double offsetNs) {
    if (photons == photonOffset.length) {
      photonOffset = Arrays.copyOf(photonOffset, photons * 2);
    }
    photonOffset[photons++] = offsetNs;
  }

  /** Records the pulses make: one per 110 samples or part of it. */
  long records() {
    long n = 0;
    for (int i = 0; i < size; i++) {
      n += recordsOf(length[i]);
    }
    return n;
  }

  static int recordsOf(int samples) {
    return (samples + ChainSchemas.SAMPLES_PER_RECORD - 1) / ChainSchemas.SAMPLES_PER_RECORD;
  }
}
