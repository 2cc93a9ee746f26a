package dev.taskbridge.emulator;

/**
 * How the emulator measures the length of string fields against the services' limits.
 *
 * <p>The service models give limits in "characters" without saying which; the default, {@link
 * #UTF16_CODE_UNITS}, is what Java's {@code String.length()} returns (and what the JVM-based Coral
 * stack most likely measures). Fields documented in bytes (SFN {@code input}/{@code output}) are
 * always measured in UTF-8 bytes.
 */
public enum LengthUnit {
  /** UTF-16 code units, as {@link String#length()}: a character outside the BMP counts 2. */
  UTF16_CODE_UNITS,
  /** Unicode code points: a character outside the BMP counts 1. */
  CODE_POINTS
}
