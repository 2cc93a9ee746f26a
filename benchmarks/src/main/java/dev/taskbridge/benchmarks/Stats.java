package dev.taskbridge.benchmarks;

import java.util.Arrays;

/** The one statistic the harnesses that run outside JMH report. */
final class Stats {

  private Stats() {}

  /** The median of {@code values}, which are left as they are; NaN if there are none. */
  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
