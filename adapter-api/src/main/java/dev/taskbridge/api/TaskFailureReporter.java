package dev.taskbridge.api;

import java.util.concurrent.CompletableFuture;

/**
 * Reports that an activity task failed, to the backend that issued its token.
 *
 * <p>The SWF binding sends {@code RespondActivityTaskFailed} with {@code reason = error} and {@code
 * details = cause}; the Step Functions binding sends {@code SendTaskFailure} with the same error
 * and cause. Both apply the same field rules first (see {@link FieldPolicy}) and translate every
 * refusal into the same {@link TaskReportException} leaves, so a worker written against this
 * interface behaves the same on either backend.
 *
 * <p>Implementations are thread-safe and hold no per-call state. Transient refusals (throttling,
 * 5xx, I/O errors) are retried with jittered backoff inside a deadline; terminal ones never are.
 */
public interface TaskFailureReporter {

  /** The backend this reporter talks to; for a routing reporter, the default backend. */
  Backend backend();

  /**
   * Reports the failure and returns once the backend accepted it.
   *
   * @throws InvalidTaskFailureException if the token or failure breaks a field rule; thrown before
   *     any network call
   * @throws TaskReportException if the backend refused the report or could not be reached within
   *     the deadline; it carries the token and the failure, so nothing is lost
   */
  void report(TaskToken token, TaskFailure failure);

  /**
   * Reports the failure without blocking the calling thread.
   *
   * <p>The future completes normally once the backend accepted the report, and exceptionally with a
   * {@link TaskReportException} otherwise. Field rule violations are thrown directly, before any
   * network call, as {@link InvalidTaskFailureException}.
   */
  CompletableFuture<Void> reportAsync(TaskToken token, TaskFailure failure);
}
