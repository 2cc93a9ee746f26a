package dev.taskbridge.emulator;

import java.time.Instant;

/**
 * The time source of an emulator: every timeout, timestamp and retry delay is measured on it.
 *
 * <p>Use {@link #system()} for standalone use and {@link ManualClock} in tests, which fires
 * timeouts when it is advanced, without sleeping. Long-poll waits and injected delays are network
 * behaviour and always run on real time.
 */
public interface EmulatorClock {

  /** Returns the current instant. */
  Instant now();

  /** Returns the current time in milliseconds since the epoch. */
  default long millis() {
    return now().toEpochMilli();
  }

  /** Returns a clock backed by the system clock. */
  static EmulatorClock system() {
    return SystemClock.INSTANCE;
  }
}
