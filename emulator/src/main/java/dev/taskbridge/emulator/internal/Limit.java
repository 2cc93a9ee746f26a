package dev.taskbridge.emulator.internal;

/**
 * The constraints a service model sets on one request member: its wire name, the bounds of its
 * length or value, what the bounds measure, and whether its value is left out of error messages.
 *
 * @param wire the member's name on the wire
 * @param min the least length (or value, for a number) allowed
 * @param max the greatest length, value or number of items allowed
 * @param itemMax for a list of strings, the greatest length of each string; 0 otherwise
 * @param kind what {@code min} and {@code max} measure
 * @param sensitive whether a violation leaves the value out of its message
 */
record Limit(String wire, long min, long max, long itemMax, Kind kind, boolean sensitive) {
  /** What a limit measures. */
  enum Kind {
    /** A string's length in characters (see {@link Config#length}). */
    CHARS,
    /** A string's length in UTF-8 bytes. */
    UTF8_BYTES,
    /** An integer's value. */
    VALUE,
    /** A list of structures' number of items. */
    ITEMS,
    /** A list of strings' number of items; each string is limited to {@code itemMax} characters. */
    STRINGS
  }

  static Limit chars(String wire, long min, long max) {
    return new Limit(wire, min, max, 0, Kind.CHARS, false);
  }

  static Limit bytes(String wire, long max) {
    return new Limit(wire, 0, max, 0, Kind.UTF8_BYTES, false);
  }

  static Limit value(String wire, long min, long max) {
    return new Limit(wire, min, max, 0, Kind.VALUE, false);
  }

  static Limit items(String wire, long max) {
    return new Limit(wire, 0, max, 0, Kind.ITEMS, false);
  }

  static Limit strings(String wire, long max, long itemMax) {
    return new Limit(wire, 0, max, itemMax, Kind.STRINGS, false);
  }

  /** This limit, for a member whose value is left out of error messages. */
  Limit asSensitive() {
    return new Limit(wire, min, max, itemMax, kind, true);
  }
}
