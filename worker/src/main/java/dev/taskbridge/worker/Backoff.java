package dev.taskbridge.worker;

import dev.taskbridge.api.BackendThrottledException;
import dev.taskbridge.api.TaskReportException;
import java.time.Duration;

/**
 * How long a poller waits after consecutive failed polls: exponential with full jitter (a uniform
 * draw between zero and the capped exponential), from a larger base when the backend throttles. It
 * only ever slows polling down; nothing here stops it.
 */
final class Backoff {

  /** The first retry's ceiling after an error. */
  static final Duration BASE = Duration.ofMillis(100);

  /** The ceiling after an error, however many in a row. */
  static final Duration CAP = Duration.ofSeconds(10);

  /** The first retry's ceiling after throttling or {@code ActivityWorkerLimitExceeded}. */
  static final Duration THROTTLED_BASE = Duration.ofSeconds(1);

  /** The ceiling after throttling, however many in a row. */
  static final Duration THROTTLED_CAP = Duration.ofSeconds(60);

  /** Step Functions' code for too many concurrent {@code GetActivityTask} calls. */
  static final String ACTIVITY_WORKER_LIMIT_EXCEEDED = "ActivityWorkerLimitExceeded";

  private Backoff() {}

  /** Whether {@code failure} asks to slow down rather than reports a fault. */
  static boolean isThrottling(Throwable failure) {
    return failure instanceof BackendThrottledException
        || (failure instanceof TaskReportException e
            && ACTIVITY_WORKER_LIMIT_EXCEEDED.equals(e.backendErrorCode()));
  }

  /**
   * The wait before the next poll after {@code failures} (at least 1) failures in a row.
   *
   * @param random a uniform draw in [0, 1)
   */
  static Duration delay(int failures, boolean throttled, double random) {
    Duration base = throttled ? THROTTLED_BASE : BASE;
    Duration cap = throttled ? THROTTLED_CAP : CAP;
    int shift = Math.min(Math.max(failures, 1) - 1, 20);
    long ceiling = Math.min(cap.toNanos(), base.toNanos() << shift);
    return Duration.ofNanos((long) (ceiling * random));
  }
}
