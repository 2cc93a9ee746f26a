package dev.taskbridge.api;

import org.jspecify.annotations.Nullable;

/**
 * What the backend answered to a heartbeat.
 *
 * <p>SWF answers {@code RecordActivityTaskHeartbeat} with {@code cancelRequested}, true once the
 * decider asked for the activity to be cancelled ({@code RequestCancelActivityTask}). Step
 * Functions has no cancellation request for an activity: its {@code SendTaskHeartbeat} answers
 * nothing, so on Step Functions {@link #cancelRequested()} is never true. A stopped or timed out
 * execution shows instead as a {@link TaskGoneException} from the heartbeat.
 */
public final class HeartbeatAnswer {

  private static final HeartbeatAnswer CONTINUE = new HeartbeatAnswer(false);
  private static final HeartbeatAnswer CANCEL_REQUESTED = new HeartbeatAnswer(true);

  private final boolean cancelRequested;

  private HeartbeatAnswer(boolean cancelRequested) {
    this.cancelRequested = cancelRequested;
  }

  /** The answer with the given {@code cancelRequested} flag. */
  public static HeartbeatAnswer of(boolean cancelRequested) {
    return cancelRequested ? CANCEL_REQUESTED : CONTINUE;
  }

  /**
   * True when the backend asks the worker to stop the task and answer with {@link
   * TaskClient#cancel}; never true on Step Functions.
   */
  public boolean cancelRequested() {
    return cancelRequested;
  }

  /** Equal when both say the same about cancellation. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof HeartbeatAnswer other && cancelRequested == other.cancelRequested;
  }

  @Override
  public int hashCode() {
    return Boolean.hashCode(cancelRequested);
  }

  @Override
  public String toString() {
    return "HeartbeatAnswer[cancelRequested=" + cancelRequested + "]";
  }
}
