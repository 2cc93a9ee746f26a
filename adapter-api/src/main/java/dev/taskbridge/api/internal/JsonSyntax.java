package dev.taskbridge.api.internal;

import org.jspecify.annotations.Nullable;

/**
 * Whether a text is exactly one JSON value by the grammar of RFC 8259 (whitespace around it
 * allowed), for the Step Functions {@code output} check that runs before every {@code succeed}. The
 * same pass measures the text's UTF-8 length and finds its lone surrogates ({@link
 * #utf8LengthIfClean}), so a valid output is read once for all three of its rules: outside its
 * strings a JSON text is ASCII, and the strings are read character by character anyway.
 *
 * <p>A single pass that allocates nothing for a valid text up to 64 levels deep (deeper nesting
 * takes one bit per level). A streaming parser (Jackson) was used before and accepts and refuses
 * the same texts ({@code JsonSyntaxTest} compares them on generated and mutated documents), but it
 * costs about 550 bytes of parser state per call whatever the text, and copies its field-name table
 * for every call whose output has a name it has not seen; that was most of what {@code succeed}
 * added to the raw {@code SendTaskSuccess}. Only syntax is checked: duplicate names, escaped lone
 * surrogates and numbers of any length are accepted, as the grammar does.
 */
final class JsonSyntax {

  /** What {@link #read} returns for exactly one JSON value that holds a lone surrogate. */
  private static final long LONE_SURROGATE = -1;

  // The kinds of error that read encodes below LONE_SURROGATE, with the character they name.
  private static final int NOT_JSON = 0;
  private static final int MORE_THAN_ONE_VALUE = 1;
  private static final int NO_VALUE = 2;

  private JsonSyntax() {}

  /** Null if {@code s} is exactly one JSON value; otherwise where it is not, never the text. */
  static @Nullable String problem(String s) {
    long read = read(s);
    if (read >= LONE_SURROGATE) {
      return null;
    }
    long error = LONE_SURROGATE - 1 - read;
    long at = error >>> 2;
    return switch ((int) (error & 3)) {
      case NO_VALUE -> "it holds no JSON value";
      case MORE_THAN_ONE_VALUE -> "more than one JSON value (at character " + at + ")";
      default -> "not JSON at character " + at;
    };
  }

  /**
   * The UTF-8 length of {@code s}, as {@link CallRules#utf8Length} counts it, if {@code s} is
   * exactly one JSON value and holds no lone surrogate; otherwise -1, and the rules must be applied
   * one at a time to say which one it breaks.
   */
  static long utf8LengthIfClean(String s) {
    return Math.max(read(s), -1);
  }

  /**
   * Reads {@code s} once: its UTF-8 length if it is exactly one JSON value without a lone
   * surrogate, {@link #LONE_SURROGATE} if it is one with, and otherwise an {@link #error} below
   * that. A number, so that the scan's state never leaves this method and is never allocated; only
   * {@link #problem} makes an error's message.
   */
  private static long read(String s) {
    int n = s.length();
    int i = whitespace(s, 0);
    if (i == n) {
      return error(NO_VALUE, i);
    }
    Scan scan = new Scan();
    // Whether what starts at i is a member's name, not a value.
    boolean name = false;
    value:
    while (true) {
      // A value, or a member's name, starts at i.
      if (i >= n) {
        return notJson(i);
      }
      char c = s.charAt(i);
      if (name && c != '"') {
        return notJson(i);
      }
      switch (c) {
        case '{', '[' -> {
          boolean object = c == '{';
          i = whitespace(s, i + 1);
          if (i < n && s.charAt(i) == (object ? '}' : ']')) {
            i++;
          } else {
            scan.push(object);
            name = object;
            continue value;
          }
        }
        case '"' -> i = string(s, i, scan);
        case 't' -> i = literal(s, i, "true");
        case 'f' -> i = literal(s, i, "false");
        case 'n' -> i = literal(s, i, "null");
        default -> i = number(s, i);
      }
      if (i < 0) {
        return notJson(-i - 1);
      }
      if (name) {
        // After a member's name: its colon, then its value.
        i = whitespace(s, i);
        if (i >= n || s.charAt(i) != ':') {
          return notJson(i);
        }
        i = whitespace(s, i + 1);
        name = false;
        continue value;
      }
      // After a complete value: close what it completes, or go on to the next one.
      while (true) {
        i = whitespace(s, i);
        if (scan.depth() == 0) {
          break value;
        }
        if (i >= n) {
          return notJson(i);
        }
        c = s.charAt(i);
        boolean inObject = scan.top();
        if (c == ',') {
          i = whitespace(s, i + 1);
          name = inObject;
          continue value;
        }
        if (c == (inObject ? '}' : ']')) {
          scan.pop();
          i++;
          continue;
        }
        return notJson(i);
      }
    }
    if (i < n) {
      return startsValue(s.charAt(i)) ? error(MORE_THAN_ONE_VALUE, i) : notJson(i);
    }
    return scan.loneSurrogate ? LONE_SURROGATE : n + scan.extraBytes;
  }

  private static long notJson(int at) {
    return error(NOT_JSON, at);
  }

  /** What {@link #read} returns for an error of {@code kind} at character {@code at}. */
  private static long error(int kind, int at) {
    return LONE_SURROGATE - 1 - (((long) at << 2) | kind);
  }

  private static boolean startsValue(char c) {
    return c == '{'
        || c == '['
        || c == '"'
        || c == '-'
        || (c >= '0' && c <= '9')
        || c == 't'
        || c == 'f'
        || c == 'n';
  }

  /** The index of the first character at or after {@code i} that is not JSON whitespace. */
  private static int whitespace(String s, int i) {
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return i;
      }
      i++;
    }
    return n;
  }

  /**
   * The string that opens at {@code i}: the index after its closing quote, or {@code -(where)-1}.
   * What its characters take in UTF-8 beyond one byte each, and its lone surrogates, go to {@code
   * scan}.
   */
  private static int string(String s, int i, Scan scan) {
    int n = s.length();
    int j = i + 1;
    while (j < n) {
      char c = s.charAt(j);
      if (c == '"') {
        return j + 1;
      }
      if (c < 0x20) {
        return -j - 1;
      }
      if (c == '\\') {
        if (j + 1 >= n) {
          return -n - 1;
        }
        char e = s.charAt(j + 1);
        switch (e) {
          case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> j += 2;
          case 'u' -> {
            for (int k = j + 2; k < j + 6; k++) {
              if (k >= n || !hex(s.charAt(k))) {
                return -Math.min(k, n) - 1;
              }
            }
            j += 6;
          }
          default -> {
            return -(j + 1) - 1;
          }
        }
      } else if (c >= 0x80) {
        j += scan.nonAscii(s, j);
      } else {
        j++;
      }
    }
    return -n - 1;
  }

  /** {@code word} at {@code i}: the index after it, or {@code -(where)-1}. */
  private static int literal(String s, int i, String word) {
    if (!s.startsWith(word, i)) {
      return -i - 1;
    }
    int end = i + word.length();
    // "truex", "null1": one token, not a literal followed by something.
    if (end < s.length() && Character.isJavaIdentifierPart(s.charAt(end))) {
      return -end - 1;
    }
    return end;
  }

  /** The number at {@code i}: the index after it, or {@code -(where)-1}. */
  private static int number(String s, int i) {
    int n = s.length();
    int j = i;
    if (j < n && s.charAt(j) == '-') {
      j++;
    }
    if (j >= n || !digit(s.charAt(j))) {
      return -j - 1;
    }
    if (s.charAt(j) == '0') {
      j++;
      if (j < n && digit(s.charAt(j))) {
        // A leading zero.
        return -j - 1;
      }
    } else {
      j = digits(s, j);
    }
    if (j < n && s.charAt(j) == '.') {
      j++;
      if (j >= n || !digit(s.charAt(j))) {
        return -j - 1;
      }
      j = digits(s, j);
    }
    if (j < n && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
      j++;
      if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
        j++;
      }
      if (j >= n || !digit(s.charAt(j))) {
        return -j - 1;
      }
      j = digits(s, j);
    }
    return j;
  }

  private static boolean hex(char c) {
    return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int digits(String s, int i) {
    int j = i;
    while (j < s.length() && digit(s.charAt(j))) {
      j++;
    }
    return j;
  }

  /**
   * What a scan has read so far: the containers open around the current value, innermost last, one
   * bit each (object or array), in a long up to 64 levels and in an array beyond; and what the
   * strings read take in UTF-8.
   */
  private static final class Scan {
    private long low;
    private long @Nullable [] high;
    private int depth;

    /** The UTF-8 bytes of the strings read beyond one per character. */
    private long extraBytes;

    /** Whether a string read holds a lone surrogate. */
    private boolean loneSurrogate;

    int depth() {
      return depth;
    }

    /** Counts the character at {@code i} of {@code s}, not ASCII: the chars it takes, 2 a pair. */
    int nonAscii(String s, int i) {
      int bytes = CallRules.utf8Width(s, i);
      int chars = bytes == 4 ? 2 : 1;
      if (bytes == 3 && Character.isSurrogate(s.charAt(i))) {
        loneSurrogate = true;
      }
      extraBytes += bytes - chars;
      return chars;
    }

    void push(boolean object) {
      if (depth < 64) {
        low = object ? low | (1L << depth) : low & ~(1L << depth);
      } else {
        int k = depth - 64;
        long[] h = high;
        if (h == null || (k >> 6) >= h.length) {
          long[] grown = new long[h == null ? 4 : h.length * 2];
          if (h != null) {
            System.arraycopy(h, 0, grown, 0, h.length);
          }
          high = grown;
          h = grown;
        }
        long bit = 1L << (k & 63);
        h[k >> 6] = object ? h[k >> 6] | bit : h[k >> 6] & ~bit;
      }
      depth++;
    }

    /** Whether the innermost open container is an object. */
    boolean top() {
      int d = depth - 1;
      if (d < 64) {
        return (low & (1L << d)) != 0;
      }
      int k = d - 64;
      long[] h = high;
      return h != null && (h[k >> 6] & (1L << (k & 63))) != 0;
    }

    void pop() {
      depth--;
    }
  }
}
