package dev.taskbridge.emulator.internal.asl;

import org.jspecify.annotations.Nullable;

/**
 * A run-time error of a state: its error name and cause, as a state's Retry and Catch see them. The
 * message names neither (a worker's error and cause may hold personal data).
 */
public final class AslError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The error name, e.g. {@code States.Runtime}; null for a Fail state without one. */
  public final @Nullable String error;

  /** The cause; null if none. */
  public final @Nullable String cause;

  /** Creates an error with its name and cause. */
  public AslError(@Nullable String error, @Nullable String cause) {
    this(error, cause, false);
  }

  /** Whether this is a heartbeat timeout (also matched by {@code States.HeartbeatTimeout}). */
  public final boolean heartbeat;

  /** Creates an error; {@code heartbeat} marks a heartbeat timeout. */
  public AslError(@Nullable String error, @Nullable String cause, boolean heartbeat) {
    super("state error (error and cause withheld)", null, false, false);
    this.error = error;
    this.cause = cause;
    this.heartbeat = heartbeat;
  }

  static AslError runtime(String cause) {
    return new AslError(Errors.RUNTIME, cause);
  }
}
