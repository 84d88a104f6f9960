package org.strand.chain;

import static org.strand.chain.GeneratorSettings.DT;
import static org.strand.chain.GeneratorSettings.PRE_SAMPLES;
import static org.strand.chain.GeneratorSettings.PULSE_AFTER_NS;
import static org.strand.chain.GeneratorSettings.PULSE_BEFORE_NS;
import static org.strand.chain.GeneratorSettings.PULSE_GAP_NS;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Lays out the pulses of one generated chunk: events (S1 and S2) and lone dark-count pulses.
 *
 * <p>Everything about a pulse that decides how many records it makes (its photoelectron count,
 * first and last photoelectron, and tail) is drawn from streams that the run's layout also
 * draws from when it counts records, before any chunk is generated; the rest (photoelectrons in
 * between, amplitudes, noise) comes from other streams. So a run knows its size up front and
 * generating a chunk gives exactly the records counted.
 *
 * <p>Pulses never overlap within a channel, as on a real digitiser: events are kept apart (an
 * event whose S1 or S2 would touch another event's is moved later, or dropped when that would
 * leave the chunk's event region), and a dark pulse that would overlap an earlier pulse of its
 * channel is moved to just after it, which changes neither its length nor the record count. No
 * event comes near a chunk's edges, and dark pulses start in all but the chunk's last 50 us, so
 * chunks are cut where nothing is in progress.
 */
final class EventPlanner {
  private EventPlanner() {}

  static final long STREAM_EVENTS = 1;
  static final long STREAM_EVENT_SHAPE = 2;
  static final long STREAM_EVENT_DETAIL = 3;
  static final long STREAM_DARK_COUNT = 4;
  static final long STREAM_DARK = 5;
  static final long STREAM_RENDER = 6;
  static final long STREAM_BASELINES = 7;
  private static final long STREAM_ESTIMATE = 8;

  private static final double S2_QUANTILE_LOW = 3.1671241833119863e-05;
  private static final double S2_HALF_SPAN_NS = GeneratorSettings.S2_CUT_SIGMAS * GeneratorSettings.S2_SIGMA_NS;

  /**
   * Adds the events of chunk {@code chunk} covering {@code [start, end)} to {@code pulses} and
   * returns their truth. Without photons only the pulses' extents are made (for counting).
   */
  static List<GeneratedEvent> addEvents(GeneratorSettings s, long runHash, int chunk, long start, long end,
      PulseList pulses, boolean withPhotons) {
    SplittableRandom rnd = RandomDraws.stream(s.seed(), runHash, chunk, STREAM_EVENTS);
    int n = RandomDraws.poisson(rnd, s.eventRateHz() * (end - start) / 1e9);
    long lo = start + GeneratorSettings.HEAD_NS + PULSE_BEFORE_NS + PULSE_GAP_NS;
    long hi = end - GeneratorSettings.TAIL_NS - (s.maxDriftNs() + (long) Math.ceil(S2_HALF_SPAN_NS) + PULSE_AFTER_NS + PULSE_GAP_NS);
    if (n == 0 || hi <= lo) {
      return List.of();
    }
    long[] t1 = new long[n];
    for (int i = 0; i < n; i++) {
      t1[i] = lo + (long) (rnd.nextDouble() * (hi - lo));
    }
    Arrays.sort(t1);
    long driftSpan = s.maxDriftNs() - GeneratorSettings.MIN_DRIFT_NS;
    long[] drift = new long[n];
    for (int i = 0; i < n; i++) {
      drift[i] = GeneratorSettings.MIN_DRIFT_NS + (long) (rnd.nextDouble() * (driftSpan + 1));
    }
    Placed placed = place(t1, drift, hi, s.maxDriftNs());

    List<GeneratedEvent> truth = new ArrayList<>(placed.size);
    Scratch scratch = new Scratch(s.nChannels());
    for (int k = 0; k < placed.size; k++) {
      SplittableRandom shape = RandomDraws.stream(s.seed(), runHash, chunk, STREAM_EVENT_SHAPE, k);
      SplittableRandom detail = withPhotons ? RandomDraws.stream(s.seed(), runHash, chunk, STREAM_EVENT_DETAIL, k) : null;
      long s1 = placed.t1[k];
      long d = placed.drift[k];
      int[] counts = addEventPulses(s, shape, detail, s1, d, pulses, scratch);
      truth.add(new GeneratedEvent(s1, s1 + d, d, counts[0], counts[1]));
    }
    return truth;
  }

  /** Events kept apart: accepted times and drifts, sorted by time. */
  private record Placed(long[] t1, long[] drift, int size) {}

  private static Placed place(long[] t1, long[] drift, long hi, long maxDrift) {
    int n = t1.length;
    long[] at = new long[n];
    long[] ad = new long[n];
    int size = 0;
    long reach = maxDrift + 2 * (long) Math.ceil(S2_HALF_SPAN_NS) + 2 * (PULSE_BEFORE_NS + PULSE_AFTER_NS + PULSE_GAP_NS)
        + (long) GeneratorSettings.S1_MAX_DELAY_NS;
    long[] own = new long[4];
    long[] other = new long[4];
    for (int i = 0; i < n; i++) {
      long t = t1[i];
      long d = drift[i];
      boolean moved = true;
      while (moved && t < hi) {
        moved = false;
        windows(t, d, own);
        int from = lowerBound(at, size, t - reach);
        for (int j = from; j < size && at[j] <= t + d + reach; j++) {
          windows(at[j], ad[j], other);
          long shift = overlapShift(own, other);
          if (shift > 0) {
            t += shift;
            moved = true;
            break;
          }
        }
      }
      if (t >= hi) {
        continue;
      }
      int pos = lowerBound(at, size, t + 1);
      System.arraycopy(at, pos, at, pos + 1, size - pos);
      System.arraycopy(ad, pos, ad, pos + 1, size - pos);
      at[pos] = t;
      ad[pos] = d;
      size++;
    }
    return new Placed(at, ad, size);
  }

  /** The S1 and S2 windows of an event, [s1 start, s1 end, s2 start, s2 end), gaps included. */
  private static void windows(long t1, long drift, long[] w) {
    long t2 = t1 + drift;
    long half = (long) Math.ceil(S2_HALF_SPAN_NS);
    w[0] = t1 - PULSE_BEFORE_NS - PULSE_GAP_NS;
    w[1] = t1 + (long) GeneratorSettings.S1_MAX_DELAY_NS + PULSE_AFTER_NS + PULSE_GAP_NS;
    w[2] = t2 - half - PULSE_BEFORE_NS - PULSE_GAP_NS;
    w[3] = t2 + half + PULSE_AFTER_NS + PULSE_GAP_NS;
  }

  /** How far the own windows must move later to clear the other's, or 0 when they do not touch. */
  private static long overlapShift(long[] own, long[] other) {
    long shift = 0;
    for (int a = 0; a < 4; a += 2) {
      for (int b = 0; b < 4; b += 2) {
        if (own[a] < other[b + 1] && other[b] < own[a + 1]) {
          shift = Math.max(shift, other[b + 1] - own[a]);
        }
      }
    }
    return shift;
  }

  private static int lowerBound(long[] a, int n, long key) {
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Per-event working arrays. */
  private static final class Scratch {
    final int[] count;
    final double[] first;
    final double[] last;
    int[] photonChannel = new int[256];
    double[] photonDelay = new double[256];

    Scratch(int nChannels) {
      count = new int[nChannels];
      first = new double[nChannels];
      last = new double[nChannels];
    }
  }

  /**
   * Adds one event's S1 and S2 pulses; returns its {S1, S2} photoelectron counts. Shape draws
   * come from {@code shape}; photoelectrons in between, when wanted, from {@code detail}.
   */
  private static int[] addEventPulses(GeneratorSettings s, SplittableRandom shape, SplittableRandom detail,
      long t1, long drift, PulseList pulses, Scratch sc) {
    int nCh = s.nChannels();
    int n1 = RandomDraws.poisson(shape, s.s1Pe());
    if (sc.photonChannel.length < n1) {
      sc.photonChannel = new int[n1];
      sc.photonDelay = new double[n1];
    }
    double tau = GeneratorSettings.S1_TAU_NS;
    double keep = 1 - StrictMath.exp(-GeneratorSettings.S1_MAX_DELAY_NS / tau);
    Arrays.fill(sc.count, 0);
    for (int i = 0; i < n1; i++) {
      int ch = shape.nextInt(nCh);
      double delay = -tau * StrictMath.log(1 - shape.nextDouble() * keep);
      sc.photonChannel[i] = ch;
      sc.photonDelay[i] = delay;
      if (sc.count[ch]++ == 0) {
        sc.first[ch] = delay;
        sc.last[ch] = delay;
      } else {
        sc.first[ch] = Math.min(sc.first[ch], delay);
        sc.last[ch] = Math.max(sc.last[ch], delay);
      }
    }
    for (int ch = 0; ch < nCh; ch++) {
      if (sc.count[ch] == 0) {
        continue;
      }
      int post = GeneratorSettings.POST_MIN + shape.nextInt(GeneratorSettings.POST_SPREAD);
      long pulseStart = pulseStart(t1 + sc.first[ch]);
      int length = pulseLength(t1 + sc.first[ch], t1 + sc.last[ch], post);
      int from = pulses.photons;
      if (detail != null) {
        for (int i = 0; i < n1; i++) {
          if (sc.photonChannel[i] == ch) {
            pulses.addPhoton(t1 + sc.photonDelay[i] - pulseStart);
          }
        }
      }
      pulses.addPulse(pulseStart, ch, length, from);
    }

    double t2 = t1 + drift;
    double mean = s.s2Pe() / nCh;
    int n2 = 0;
    for (int ch = 0; ch < nCh; ch++) {
      int n = RandomDraws.poisson(shape, mean);
      if (n == 0) {
        continue;
      }
      n2 += n;
      // Order statistics of n uniforms: the largest, then the smallest of the rest.
      double uMax = StrictMath.pow(shape.nextDouble(), 1.0 / n);
      double uMin = n == 1 ? uMax : uMax * (1 - StrictMath.pow(shape.nextDouble(), 1.0 / (n - 1)));
      int post = GeneratorSettings.POST_MIN + shape.nextInt(GeneratorSettings.POST_SPREAD);
      double tFirst = s2Time(t2, uMin);
      double tLast = s2Time(t2, uMax);
      long pulseStart = pulseStart(tFirst);
      int length = pulseLength(tFirst, tLast, post);
      int from = pulses.photons;
      if (detail != null) {
        pulses.addPhoton(tFirst - pulseStart);
        if (n > 1) {
          pulses.addPhoton(tLast - pulseStart);
        }
        for (int i = 2; i < n; i++) {
          double u = uMin + detail.nextDouble() * (uMax - uMin);
          pulses.addPhoton(s2Time(t2, u) - pulseStart);
        }
      }
      pulses.addPulse(pulseStart, ch, length, from);
    }
    return new int[] {n1, n2};
  }

  /** The S2 photoelectron time at quantile {@code u} of its (cut) Gaussian. */
  private static double s2Time(double center, double u) {
    double q = S2_QUANTILE_LOW + u * (1 - 2 * S2_QUANTILE_LOW);
    return center + GeneratorSettings.S2_SIGMA_NS * RandomDraws.normalQuantile(q);
  }

  static long pulseStart(double firstPhotonNs) {
    return ((long) Math.floor(firstPhotonNs / DT) - PRE_SAMPLES) * DT;
  }

  static int pulseLength(double firstPhotonNs, double lastPhotonNs, int post) {
    long span = (long) Math.floor(lastPhotonNs / DT) - (long) Math.floor(firstPhotonNs / DT);
    return Math.toIntExact(PRE_SAMPLES + span + GeneratorSettings.SPE_TEMPLATE.length + post);
  }

  /** How many dark pulses chunk {@code chunk} has: one draw, so the layout can count them cheaply. */
  static int darkCount(GeneratorSettings s, long runHash, int chunk, long start, long end) {
    long lo = start + PULSE_BEFORE_NS;
    long hi = end - GeneratorSettings.TAIL_NS;
    if (hi <= lo) {
      return 0;
    }
    SplittableRandom rnd = RandomDraws.stream(s.seed(), runHash, chunk, STREAM_DARK_COUNT);
    return RandomDraws.poisson(rnd, s.darkRateHz() * s.nChannels() * (hi - lo) / 1e9);
  }

  /**
   * Adds chunk {@code chunk}'s dark pulses after the event pulses already in {@code pulses},
   * moving any that would overlap an earlier pulse of its channel.
   *
   * @throws IllegalStateException if a channel is so busy that a pulse would be pushed out of the
   *     chunk (the option checks keep rates far below that)
   */
  static void addDarkPulses(GeneratorSettings s, long runHash, int chunk, long start, long end, PulseList pulses) {
    int k = darkCount(s, runHash, chunk, start, end);
    if (k == 0) {
      return;
    }
    long lo = start + PULSE_BEFORE_NS;
    long hi = end - GeneratorSettings.TAIL_NS;
    int nCh = s.nChannels();
    int eventPulses = pulses.size;
    SplittableRandom rnd = RandomDraws.stream(s.seed(), runHash, chunk, STREAM_DARK);
    // k sorted uniform times from normalised sums of exponential spacings: no sort needed.
    double[] cumulative = new double[k + 1];
    double sum = 0;
    for (int i = 0; i <= k; i++) {
      sum += -StrictMath.log(1 - rnd.nextDouble());
      cumulative[i] = sum;
    }
    // Event pulses by channel, each channel's in time order.
    int[] byChannelStart = new int[nCh + 1];
    for (int p = 0; p < eventPulses; p++) {
      byChannelStart[pulses.channel[p] + 1]++;
    }
    for (int c = 0; c < nCh; c++) {
      byChannelStart[c + 1] += byChannelStart[c];
    }
    int[] fill = Arrays.copyOf(byChannelStart, nCh);
    int[] byChannel = new int[eventPulses];
    for (int p = 0; p < eventPulses; p++) {
      byChannel[fill[pulses.channel[p]]++] = p;
    }
    for (int c = 0; c < nCh; c++) {
      sortByStart(byChannel, byChannelStart[c], byChannelStart[c + 1], pulses.start);
    }
    int[] next = Arrays.copyOf(byChannelStart, nCh);
    long[] busyUntil = new long[nCh];
    Arrays.fill(busyUntil, Long.MIN_VALUE / 2);

    double span = hi - lo;
    for (int i = 0; i < k; i++) {
      double t = lo + span * (cumulative[i] / cumulative[k]);
      int ch = rnd.nextInt(nCh);
      int post = GeneratorSettings.POST_MIN + rnd.nextInt(GeneratorSettings.POST_SPREAD);
      long pulseStart = pulseStart(t);
      int length = pulseLength(t, t, post);
      double offset = t - pulseStart;
      long st = pulseStart;
      long duration = (long) length * DT;
      while (true) {
        st = Math.max(st, busyUntil[ch] + PULSE_GAP_NS);
        int q = next[ch];
        int qEnd = byChannelStart[ch + 1];
        while (q < qEnd && end(pulses, byChannel[q]) + PULSE_GAP_NS <= st) {
          q++;
        }
        next[ch] = q;
        if (q < qEnd && pulses.start[byChannel[q]] < st + duration + PULSE_GAP_NS) {
          st = end(pulses, byChannel[q]) + PULSE_GAP_NS;
          continue;
        }
        break;
      }
      if (st + duration > end) {
        throw new IllegalStateException("channel " + ch + " is too busy: a dark pulse would be pushed past the end of chunk "
            + chunk + " [" + start + ", " + end + "); lower dark_rate_hz or event_rate_hz");
      }
      busyUntil[ch] = st + duration;
      int from = pulses.photons;
      pulses.addPhoton(offset);
      pulses.addPulse(st, ch, length, from);
    }
  }

  private static long end(PulseList pulses, int p) {
    return pulses.start[p] + (long) pulses.length[p] * DT;
  }

  private static void sortByStart(int[] idx, int from, int to, long[] start) {
    for (int i = from + 1; i < to; i++) {
      int v = idx[i];
      int j = i - 1;
      while (j >= from && start[idx[j]] > start[v]) {
        idx[j + 1] = idx[j];
        j--;
      }
      idx[j + 1] = v;
    }
  }

  /** Mean records per event, from 256 events drawn with a fixed seed (for sizing a run). */
  static double meanRecordsPerEvent(GeneratorSettings s) {
    int events = 256;
    PulseList pulses = new PulseList();
    Scratch sc = new Scratch(s.nChannels());
    for (int k = 0; k < events; k++) {
      SplittableRandom shape = RandomDraws.stream(0x5EED, 0, STREAM_ESTIMATE, k);
      addEventPulses(s, shape, null, 1_000_000_000L, GeneratorSettings.MIN_DRIFT_NS + s.maxDriftNs() / 2, pulses, sc);
    }
    return (double) pulses.records() / events;
  }
}
