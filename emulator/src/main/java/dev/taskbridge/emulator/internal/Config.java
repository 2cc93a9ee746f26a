package dev.taskbridge.emulator.internal;

import dev.taskbridge.emulator.EmulatorClock;
import dev.taskbridge.emulator.LengthUnit;
import dev.taskbridge.emulator.SwfInvalidTokenResponse;

/** Immutable settings of one emulator instance. */
public final class Config {
  final EmulatorClock clock;
  final long pollMaxWaitMillis;
  final int maxRequestBytes;
  final boolean sendErrorTypeHeader;
  final LengthUnit lengthUnit;
  final SwfInvalidTokenResponse swfInvalidToken;
  final String region;
  final String accountId;

  /** Creates a configuration. */
  public Config(
      EmulatorClock clock,
      long pollMaxWaitMillis,
      int maxRequestBytes,
      boolean sendErrorTypeHeader,
      LengthUnit lengthUnit,
      SwfInvalidTokenResponse swfInvalidToken,
      String region,
      String accountId) {
    this.clock = clock;
    this.pollMaxWaitMillis = pollMaxWaitMillis;
    this.maxRequestBytes = maxRequestBytes;
    this.sendErrorTypeHeader = sendErrorTypeHeader;
    this.lengthUnit = lengthUnit;
    this.swfInvalidToken = swfInvalidToken;
    this.region = region;
    this.accountId = accountId;
  }

  int length(String s) {
    return lengthUnit == LengthUnit.CODE_POINTS ? s.codePointCount(0, s.length()) : s.length();
  }
}
