package dev.taskbridge.worker;

/**
 * Thrown by {@link ActivityContext#heartbeat} once the task should no longer be worked on: a
 * cancellation was requested, or the task is gone. Let it propagate out of the handler; the worker
 * then answers as the {@linkplain #reason() reason} requires.
 */
public final class ActivityStoppedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why the task should stop. */
  public enum Reason {
    /** SWF asked for the task to be cancelled; the worker answers it as cancelled. */
    CANCEL_REQUESTED,
    /** The task is closed, timed out or its execution stopped; the worker sends nothing. */
    TASK_GONE
  }

  private final Reason reason;

  ActivityStoppedException(Reason reason) {
    super(
        reason == Reason.CANCEL_REQUESTED
            ? "the backend asked for this task to be cancelled"
            : "the task is gone (closed, timed out or its execution stopped)");
    this.reason = reason;
  }

  /** Why the task should stop. */
  public Reason reason() {
    return reason;
  }
}
