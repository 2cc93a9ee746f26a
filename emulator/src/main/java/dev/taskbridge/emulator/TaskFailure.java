package dev.taskbridge.emulator;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a {@link TaskHandler} to fail its task with an error name and cause, as the integrated
 * service would; its message names neither (they may hold personal data).
 */
public final class TaskFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String error;
  private final @Nullable String cause;

  /** Creates a failure with the task's error and cause (either may be null). */
  public TaskFailure(@Nullable String error, @Nullable String cause) {
    super("task failed (error and cause withheld)", null, false, false);
    this.error = error;
    this.cause = cause;
  }

  /** The error name. */
  public @Nullable String error() {
    return error;
  }

  /** The cause. */
  public @Nullable String cause() {
    return cause;
  }
}
