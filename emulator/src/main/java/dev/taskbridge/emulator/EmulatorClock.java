package dev.taskbridge.emulator;

import java.time.Instant;

/**
 * The time source of an emulator: every timeout, timestamp and retry delay is measured on it.
 *
 * <p>The default is an {@link OffsetClock}: real time that can also be advanced. Use {@link
 * ManualClock} in tests, which fires timeouts when it is advanced, without sleeping, and {@link
 * #system()} for real time that nobody can move. Long-poll waits and injected delays are network
 * behaviour and always run on real time.
 */
public interface EmulatorClock {

  /** Returns the current instant. */
  Instant now();

  /** Returns the current time in milliseconds since the epoch. */
  default long millis() {
    return now().toEpochMilli();
  }

  /** Returns the bare system clock, which cannot be advanced. */
  static EmulatorClock system() {
    return SystemClock.INSTANCE;
  }
}
