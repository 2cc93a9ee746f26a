package dev.taskbridge.emulator.internal;

import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/** SWF durations, which the wire gives as strings: "NONE" (no timeout) or a number of seconds. */
final class SwfDurations {
  private SwfDurations() {}

  /** The seconds in {@code v} ("NONE" is 0); empty unless a whole number at least 0 or "NONE". */
  static OptionalLong parse(String v) {
    if (v.equals("NONE")) {
      return OptionalLong.of(0);
    }
    try {
      long n = Long.parseLong(v);
      return n >= 0 ? OptionalLong.of(n) : OptionalLong.empty();
    } catch (NumberFormatException e) {
      return OptionalLong.empty(); // the callers report the value to the client
    }
  }

  /** Whether {@code v} is absent or a duration. */
  static boolean valid(@Nullable String v) {
    return v == null || parse(v).isPresent();
  }

  /** The seconds in {@code v}; a ValidationException if it is not a duration. */
  static long seconds(String v) {
    OptionalLong n = parse(v);
    if (n.isPresent()) {
      return n.getAsLong();
    }
    throw ApiException.validation(
        "1 validation error detected: Value '"
            + v
            + "' failed to satisfy constraint: Member must be a number of seconds or NONE");
  }

  /** Refuses {@code v}, as {@link #seconds}, unless it is absent or a duration. */
  static void check(@Nullable String v) {
    if (v != null) {
      seconds(v);
    }
  }

  /** The seconds in {@code v}, already found {@link #valid}; 0 if absent. */
  static long ofValid(@Nullable String v) {
    return v == null ? 0 : parse(v).orElseThrow();
  }
}
