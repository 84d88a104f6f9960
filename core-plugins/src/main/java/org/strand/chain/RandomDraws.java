package org.strand.chain;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Deterministic random streams and the few distributions the generator draws from. Every stream
 * is a {@link SplittableRandom} seeded by mixing the generator seed, the run id and stream
 * coordinates (chunk, purpose, event), so any chunk can be generated alone, on any thread, and
 * always gives the same values. The distributions are implemented here rather than taken from the
 * JDK so that their output can never change with the Java version, and they use
 * {@link StrictMath}, whose results are the same on every platform (Math's may differ in the last
 * bit), so a run's bytes are too.
 */
final class RandomDraws {
  private RandomDraws() {}

  /** A stream for the given coordinates. */
  static SplittableRandom stream(long seed, long runHash, long... coordinates) {
    long h = mix(seed ^ 0x6A09E667F3BCC909L);
    h = mix(h ^ runHash);
    for (long c : coordinates) {
      h = mix(h + 0x9E3779B97F4A7C15L + c);
    }
    return new SplittableRandom(h);
  }

  /** A stable 64-bit hash of a run id (FNV-1a over its UTF-8 bytes). */
  static long hashRunId(String runId) {
    long h = 0xcbf29ce484222325L;
    for (byte b : runId.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  /** SplitMix64's finaliser. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** A Poisson count with the given mean: inversion for small means, Hörmann's PTRS otherwise. */
  static int poisson(SplittableRandom rnd, double mean) {
    if (!(mean > 0)) {
      return 0;
    }
    if (mean < 30) {
      double limit = StrictMath.exp(-mean);
      double p = rnd.nextDouble();
      int k = 0;
      while (p > limit) {
        k++;
        p *= rnd.nextDouble();
      }
      return k;
    }
    double slam = Math.sqrt(mean);
    double logLam = StrictMath.log(mean);
    double b = 0.931 + 2.53 * slam;
    double a = -0.059 + 0.02483 * b;
    double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
    double vr = 0.9277 - 3.6224 / (b - 2);
    while (true) {
      double u = rnd.nextDouble() - 0.5;
      double v = rnd.nextDouble();
      double us = 0.5 - Math.abs(u);
      long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
      if (us >= 0.07 && v <= vr) {
        return (int) k;
      }
      if (k < 0 || (us < 0.013 && v > us)) {
        continue;
      }
      if (StrictMath.log(v) + StrictMath.log(invAlpha) - StrictMath.log(a / (us * us) + b) <= -mean + k * logLam - logFactorial(k)) {
        return (int) k;
      }
    }
  }

  private static final double[] SMALL_LOG_FACTORIALS = new double[16];

  static {
    double f = 0;
    for (int i = 1; i < SMALL_LOG_FACTORIALS.length; i++) {
      f += StrictMath.log(i);
      SMALL_LOG_FACTORIALS[i] = f;
    }
  }

  /** log(k!), Stirling's series beyond a small table. */
  static double logFactorial(long k) {
    if (k < SMALL_LOG_FACTORIALS.length) {
      return SMALL_LOG_FACTORIALS[(int) k];
    }
    double x = k + 1.0;
    double inv = 1.0 / x;
    double inv2 = inv * inv;
    return (x - 0.5) * StrictMath.log(x) - x + 0.5 * StrictMath.log(2 * Math.PI)
        + inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 / 1680)));
  }

  /** A standard normal value (Box-Muller, one of the pair). */
  static double gaussian(SplittableRandom rnd) {
    double u = 1.0 - rnd.nextDouble();
    double v = rnd.nextDouble();
    return Math.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * v);
  }

  /**
   * The standard normal quantile of {@code p} in (0, 1): Acklam's rational approximation
   * (relative error below 1.2e-9, far finer than anything generated needs).
   */
  static double normalQuantile(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("normal quantile needs 0 < p < 1, got " + p);
    }
    double q;
    double x;
    if (p < 0.02425) {
      q = Math.sqrt(-2 * StrictMath.log(p));
      x = (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
          / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    } else if (p <= 1 - 0.02425) {
      q = p - 0.5;
      double r = q * q;
      x = (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
          / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
    } else {
      q = Math.sqrt(-2 * StrictMath.log(1 - p));
      x = -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
          / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
    }
    return x;
  }

  private static final double[] A = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
      1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
  private static final double[] B = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
      6.680131188771972e+01, -1.328068155288572e+01};
  private static final double[] C = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
      -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
  private static final double[] D = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
      3.754408661907416e+00};
}
