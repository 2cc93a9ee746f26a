package dev.taskbridge.worker;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How the worker serves one source: the heartbeat timeout the activity was declared with, and how
 * many polls it keeps outstanding there.
 *
 * <p>Neither backend tells a worker the heartbeat timeout (SWF's {@code
 * defaultTaskHeartbeatTimeout} or the decision's {@code heartbeatTimeout}; a Task state's {@code
 * HeartbeatSeconds}), so declare it here. The worker then heartbeats every third of it, on its own,
 * and sends the handler's {@link ActivityContext#heartbeat} details with those heartbeats. Without
 * a declared timeout it sends no automatic heartbeats and a handler's heartbeats at most once every
 * {@link #DEFAULT_HEARTBEAT_THROTTLE}.
 *
 * <p>Immutable; equal when both settings are equal.
 */
public final class HandlerOptions {

  /** How often handler heartbeats are sent at most when no heartbeat timeout is declared: 30 s. */
  public static final Duration DEFAULT_HEARTBEAT_THROTTLE = Duration.ofSeconds(30);

  /** The polls kept outstanding per source unless set: 2. */
  public static final int DEFAULT_POLLERS = 2;

  private static final HandlerOptions DEFAULTS = new HandlerOptions(null, DEFAULT_POLLERS);

  private final @Nullable Duration heartbeatTimeout;
  private final int pollers;

  private HandlerOptions(@Nullable Duration heartbeatTimeout, int pollers) {
    this.heartbeatTimeout = heartbeatTimeout;
    this.pollers = pollers;
  }

  /** No declared heartbeat timeout, {@value #DEFAULT_POLLERS} pollers. */
  public static HandlerOptions defaults() {
    return DEFAULTS;
  }

  /**
   * These options with the activity's declared heartbeat timeout.
   *
   * @throws IllegalArgumentException if it is shorter than 3 milliseconds (the heartbeat interval
   *     is a third of it)
   */
  public HandlerOptions withHeartbeatTimeout(Duration heartbeatTimeout) {
    Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
    if (heartbeatTimeout.compareTo(Duration.ofMillis(3)) < 0) {
      throw new IllegalArgumentException(
          "heartbeatTimeout must be at least 3 ms, was " + heartbeatTimeout.toMillis() + " ms");
    }
    return new HandlerOptions(heartbeatTimeout, pollers);
  }

  /**
   * These options with {@code pollers} polls kept outstanding on the source (each holds a handler
   * slot while it waits, so at most the worker's concurrency poll at once).
   *
   * @throws IllegalArgumentException if it is not between 1 and 256
   */
  public HandlerOptions withPollers(int pollers) {
    if (pollers < 1 || pollers > 256) {
      throw new IllegalArgumentException("pollers must be 1 to 256, was " + pollers);
    }
    return new HandlerOptions(heartbeatTimeout, pollers);
  }

  /** The declared heartbeat timeout, when one was declared. */
  public Optional<Duration> heartbeatTimeout() {
    return Optional.ofNullable(heartbeatTimeout);
  }

  /** The polls kept outstanding on the source. */
  public int pollers() {
    return pollers;
  }

  /** The interval of automatic heartbeats (a third of the timeout), when a timeout is declared. */
  @Nullable Duration heartbeatInterval() {
    return heartbeatTimeout == null ? null : heartbeatTimeout.dividedBy(3);
  }

  /** Equal when timeout and pollers are equal. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof HandlerOptions other
        && Objects.equals(heartbeatTimeout, other.heartbeatTimeout)
        && pollers == other.pollers;
  }

  @Override
  public int hashCode() {
    return Objects.hash(heartbeatTimeout, pollers);
  }

  @Override
  public String toString() {
    return "HandlerOptions[heartbeatTimeout="
        + (heartbeatTimeout == null ? "none" : heartbeatTimeout)
        + ", pollers="
        + pollers
        + "]";
  }
}
