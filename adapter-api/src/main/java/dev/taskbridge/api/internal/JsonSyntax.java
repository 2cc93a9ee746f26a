package dev.taskbridge.api.internal;

import org.jspecify.annotations.Nullable;

/**
 * Whether a text is exactly one JSON value by the grammar of RFC 8259 (whitespace around it
 * allowed), for the Step Functions {@code output} check that runs before every {@code succeed}.
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

  private JsonSyntax() {}

  /** Null if {@code s} is exactly one JSON value; otherwise where it is not, never the text. */
  static @Nullable String problem(String s) {
    int n = s.length();
    int i = whitespace(s, 0);
    if (i == n) {
      return "it holds no JSON value";
    }
    Stack open = new Stack();
    value:
    while (true) {
      // A value starts at i.
      if (i >= n) {
        return notJson(i);
      }
      char c = s.charAt(i);
      switch (c) {
        case '{', '[' -> {
          boolean object = c == '{';
          i = whitespace(s, i + 1);
          if (i < n && s.charAt(i) == (object ? '}' : ']')) {
            i++;
          } else {
            open.push(object);
            if (object) {
              i = member(s, i);
              if (i < 0) {
                return notJson(-i - 1);
              }
            }
            continue value;
          }
        }
        case '"' -> i = string(s, i);
        case 't' -> i = literal(s, i, "true");
        case 'f' -> i = literal(s, i, "false");
        case 'n' -> i = literal(s, i, "null");
        default -> i = number(s, i);
      }
      if (i < 0) {
        return notJson(-i - 1);
      }
      // After a complete value: close what it completes, or go on to the next one.
      while (true) {
        i = whitespace(s, i);
        if (open.depth() == 0) {
          break value;
        }
        if (i >= n) {
          return notJson(i);
        }
        c = s.charAt(i);
        boolean inObject = open.top();
        if (c == ',') {
          i = whitespace(s, i + 1);
          if (inObject) {
            i = member(s, i);
            if (i < 0) {
              return notJson(-i - 1);
            }
          }
          continue value;
        }
        if (c == (inObject ? '}' : ']')) {
          open.pop();
          i++;
          continue;
        }
        return notJson(i);
      }
    }
    if (i < n) {
      return startsValue(s.charAt(i))
          ? "more than one JSON value (at character " + i + ")"
          : notJson(i);
    }
    return null;
  }

  private static String notJson(int at) {
    return "not JSON at character " + at;
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
   * A member's name and colon from {@code i}: the index of its value (whitespace skipped), or
   * {@code -(where) - 1} if it is not one.
   */
  private static int member(String s, int i) {
    if (i >= s.length() || s.charAt(i) != '"') {
      return -i - 1;
    }
    int end = string(s, i);
    if (end < 0) {
      return end;
    }
    int colon = whitespace(s, end);
    if (colon >= s.length() || s.charAt(colon) != ':') {
      return -colon - 1;
    }
    return whitespace(s, colon + 1);
  }

  /**
   * The string that opens at {@code i}: the index after its closing quote, or {@code -(where)-1}.
   */
  private static int string(String s, int i) {
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
   * The containers open around the current value, innermost last: one bit each (object or array),
   * in a long up to 64 levels and in an array beyond.
   */
  private static final class Stack {
    private long low;
    private long @Nullable [] high;
    private int depth;

    int depth() {
      return depth;
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
