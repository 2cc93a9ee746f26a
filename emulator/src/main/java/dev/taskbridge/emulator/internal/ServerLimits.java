package dev.taskbridge.emulator.internal;

/**
 * The HTTP server's limits: what one connection, and all of them together, may cost.
 *
 * @param maxConnections open connections served at once; past it the connection whose request head
 *     has been arriving longest is closed to make room, or, if none is, the new one is refused
 * @param headDeadlineMillis a request head (request line and header fields) must arrive whole
 *     within this time of the connection opening or of its first byte
 * @param readTimeoutMillis the longest pause in the middle of a request body, or in reading an
 *     answer, before the connection is closed
 * @param idleTimeoutMillis how long a keep-alive connection may sit without a request
 * @param maxHeadBytes the largest request line and the largest header block (431 beyond)
 * @param maxBufferedBytes request body bytes held for all connections together; a request that
 *     would take more gets 503 and its connection is closed
 */
public record ServerLimits(
    int maxConnections,
    long headDeadlineMillis,
    long readTimeoutMillis,
    long idleTimeoutMillis,
    int maxHeadBytes,
    long maxBufferedBytes) {

  /** Default {@link #maxConnections}. */
  public static final int DEFAULT_MAX_CONNECTIONS = 1024;

  /** Default {@link #headDeadlineMillis}: 10 s. */
  public static final long DEFAULT_HEAD_DEADLINE_MILLIS = 10_000;

  /** Default {@link #readTimeoutMillis}: 30 s. */
  public static final long DEFAULT_READ_TIMEOUT_MILLIS = 30_000;

  /**
   * Default {@link #idleTimeoutMillis}: 90 s, longer than the SDK clients' own idle limit (60 s),
   * so that a client seldom reuses a connection the emulator is just closing.
   */
  public static final long DEFAULT_IDLE_TIMEOUT_MILLIS = 90_000;

  /** Default {@link #maxHeadBytes}: 64 KiB. */
  public static final int DEFAULT_MAX_HEAD_BYTES = 64 * 1024;

  /** Validates the limits. */
  public ServerLimits {
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be positive: " + maxConnections);
    }
    if (headDeadlineMillis <= 0 || readTimeoutMillis <= 0 || idleTimeoutMillis <= 0) {
      throw new IllegalArgumentException(
          "timeouts must be positive: head "
              + headDeadlineMillis
              + " ms, read "
              + readTimeoutMillis
              + " ms, idle "
              + idleTimeoutMillis
              + " ms");
    }
    if (maxHeadBytes < 1024) {
      throw new IllegalArgumentException("maxHeadBytes must be at least 1024: " + maxHeadBytes);
    }
    if (maxBufferedBytes < 1) {
      throw new IllegalArgumentException("maxBufferedBytes must be positive: " + maxBufferedBytes);
    }
  }

  /**
   * The default limits: a quarter of the heap (at most 256 MiB) for buffered request bodies, so
   * that no mix of clients can take the heap.
   */
  public static ServerLimits defaults() {
    return new ServerLimits(
        DEFAULT_MAX_CONNECTIONS,
        DEFAULT_HEAD_DEADLINE_MILLIS,
        DEFAULT_READ_TIMEOUT_MILLIS,
        DEFAULT_IDLE_TIMEOUT_MILLIS,
        DEFAULT_MAX_HEAD_BYTES,
        defaultMaxBufferedBytes());
  }

  /** A quarter of the largest heap, at most 256 MiB. */
  public static long defaultMaxBufferedBytes() {
    return Math.min(256L * 1024 * 1024, Math.max(1, Runtime.getRuntime().maxMemory() / 4));
  }
}
