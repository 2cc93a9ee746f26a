package dev.taskbridge.emulator;

import java.time.Instant;

/** The system clock. */
enum SystemClock implements EmulatorClock {
  INSTANCE;

  @Override
  public Instant now() {
    return Instant.now();
  }

  @Override
  public long millis() {
    return System.currentTimeMillis();
  }
}
