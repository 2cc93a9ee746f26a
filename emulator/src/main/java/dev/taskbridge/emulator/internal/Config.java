package dev.taskbridge.emulator.internal;

import dev.taskbridge.emulator.EmulatorClock;
import dev.taskbridge.emulator.LengthUnit;
import dev.taskbridge.emulator.SwfInvalidTokenResponse;

/** Immutable settings of one emulator instance. */
public final class Config {
  /**
   * Default bound on a pause in the middle of a request (head or body) or in reading an answer; the
   * connection is closed after it.
   */
  public static final long DEFAULT_READ_TIMEOUT_MILLIS = 30_000;

  /**
   * Default bound on an idle keep-alive connection: longer than the SDK clients' own idle limits
   * (60 s), so that a client seldom reuses a connection the emulator is just closing.
   */
  public static final long DEFAULT_IDLE_TIMEOUT_MILLIS = 90_000;

  final EmulatorClock clock;
  final long pollMaxWaitMillis;
  final int maxRequestBytes;
  final boolean sendErrorTypeHeader;
  final LengthUnit lengthUnit;
  final SwfInvalidTokenResponse swfInvalidToken;
  final String region;
  final String accountId;
  final long readTimeoutMillis;
  final long idleTimeoutMillis;

  /** Creates a configuration with the default connection timeouts. */
  public Config(
      EmulatorClock clock,
      long pollMaxWaitMillis,
      int maxRequestBytes,
      boolean sendErrorTypeHeader,
      LengthUnit lengthUnit,
      SwfInvalidTokenResponse swfInvalidToken,
      String region,
      String accountId) {
    this(
        clock,
        pollMaxWaitMillis,
        maxRequestBytes,
        sendErrorTypeHeader,
        lengthUnit,
        swfInvalidToken,
        region,
        accountId,
        DEFAULT_READ_TIMEOUT_MILLIS,
        DEFAULT_IDLE_TIMEOUT_MILLIS);
  }

  /**
   * Creates a configuration. {@code readTimeoutMillis} bounds a stall in the middle of a request or
   * of an answer being read; {@code idleTimeoutMillis} bounds a keep-alive connection with no
   * request. Both are real time; a connection past either is closed.
   */
  public Config(
      EmulatorClock clock,
      long pollMaxWaitMillis,
      int maxRequestBytes,
      boolean sendErrorTypeHeader,
      LengthUnit lengthUnit,
      SwfInvalidTokenResponse swfInvalidToken,
      String region,
      String accountId,
      long readTimeoutMillis,
      long idleTimeoutMillis) {
    if (readTimeoutMillis <= 0 || idleTimeoutMillis <= 0) {
      throw new IllegalArgumentException(
          "timeouts must be positive: read "
              + readTimeoutMillis
              + " ms, idle "
              + idleTimeoutMillis
              + " ms");
    }
    this.clock = clock;
    this.pollMaxWaitMillis = pollMaxWaitMillis;
    this.maxRequestBytes = maxRequestBytes;
    this.sendErrorTypeHeader = sendErrorTypeHeader;
    this.lengthUnit = lengthUnit;
    this.swfInvalidToken = swfInvalidToken;
    this.region = region;
    this.accountId = accountId;
    this.readTimeoutMillis = readTimeoutMillis;
    this.idleTimeoutMillis = idleTimeoutMillis;
  }

  int length(String s) {
    return lengthUnit == LengthUnit.CODE_POINTS ? s.codePointCount(0, s.length()) : s.length();
  }
}
