package dev.taskbridge.emulator.internal.asl;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** RFC 3339 timestamps as Wait and the Timestamp comparisons read them. */
final class Times {
  private Times() {}

  private static final Pattern RFC3339 =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");

  /** Epoch millis of an RFC 3339 timestamp with an offset, or null if it is not one. */
  static @Nullable Long parse(String s) {
    if (!RFC3339.matcher(s).matches()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant()
          .toEpochMilli();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
