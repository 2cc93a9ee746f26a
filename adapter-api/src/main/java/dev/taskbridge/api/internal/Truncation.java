package dev.taskbridge.api.internal;

/** Cutting and cleaning text without ever splitting a surrogate pair. */
public final class Truncation {

  private Truncation() {}

  /**
   * Cuts {@code s} so that it ends with {@code marker} and is at most {@code max} UTF-16 code
   * units, at a code-point boundary. Returns {@code s} if it already fits.
   *
   * @throws IllegalArgumentException if {@code marker} is longer than {@code max}
   */
  public static String truncate(String s, int max, String marker) {
    if (s.length() <= max) {
      return s;
    }
    if (marker.length() > max) {
      throw new IllegalArgumentException("marker longer than the limit " + max);
    }
    int end = max - marker.length();
    // Never keep a high surrogate whose low half would be cut off.
    if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end) + marker;
  }

  /** The index of the first unpaired surrogate in {@code s}, or -1. */
  public static int firstLoneSurrogate(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  /**
   * {@code s} with every unpaired surrogate replaced by U+FFFD; {@code s} itself if it has none.
   */
  public static String replaceLoneSurrogates(String s) {
    if (firstLoneSurrogate(s) < 0) {
      return s; // the common case: no copy
    }
    StringBuilder sb = new StringBuilder(s.length());
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        sb.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        sb.append('\uFFFD');
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
