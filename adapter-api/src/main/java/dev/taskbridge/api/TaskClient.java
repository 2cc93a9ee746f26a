package dev.taskbridge.api;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One backend's whole activity task: poll, heartbeat, succeed, cancel, and {@linkplain #report
 * fail}, with the same field rules, retries, deadline, exceptions and secrecy on both backends.
 *
 * <table>
 *   <caption>Calls on each backend</caption>
 *   <tr><th>call</th><th>Amazon SWF</th><th>AWS Step Functions</th></tr>
 *   <tr><td>{@link #poll}</td><td>{@code PollForActivityTask}</td><td>{@code GetActivityTask}</td></tr>
 *   <tr><td>{@link #succeed}</td><td>{@code RespondActivityTaskCompleted} ({@code result})</td>
 *       <td>{@code SendTaskSuccess} ({@code output})</td></tr>
 *   <tr><td>{@link #heartbeat}</td><td>{@code RecordActivityTaskHeartbeat} ({@code details})</td>
 *       <td>{@code SendTaskHeartbeat} (no details: the service API takes none)</td></tr>
 *   <tr><td>{@link #cancel}</td><td>{@code RespondActivityTaskCanceled} ({@code details})</td>
 *       <td>no such call: sent as {@code SendTaskFailure} with a documented error code</td></tr>
 *   <tr><td>{@link #report}</td><td>{@code RespondActivityTaskFailed}</td>
 *       <td>{@code SendTaskFailure}</td></tr>
 * </table>
 *
 * <p>Every call checks its fields against the backend's limits on the final values, before any
 * network call, and throws an {@link IllegalArgumentException} naming the field and the limit
 * (never the value) when one is broken. Every refusal by the backend is one of the {@link
 * TaskReportException} leaves; transient ones are retried with jittered backoff inside the deadline
 * of {@link ReporterOptions}. Implementations are thread-safe.
 */
public interface TaskClient extends TaskFailureReporter {

  /**
   * The error code {@link #cancel} sends on Step Functions, which has no cancellation call: the
   * task is failed with this {@code error} (and the details as {@code cause}), so a {@code Catch}
   * with {@code "ErrorEquals": ["dev.taskbridge.Canceled"]} routes it. Stable across releases; not
   * a {@code States.} name.
   */
  String CANCELED_ERROR = "dev.taskbridge.Canceled";

  /**
   * Long-polls {@code source} once: the backend holds the call up to 60 seconds while it has no
   * task. The call's own timeout always exceeds that hold, whatever the SDK client's timeouts are.
   *
   * @param identity the worker's name, recorded by the backend (SWF {@code identity}, Step
   *     Functions {@code workerName}); null sends none
   * @return the task, or empty when the backend had none (SWF's empty token and Step Functions'
   *     absent token both mean empty)
   * @throws IllegalArgumentException if the source belongs to another backend or the identity
   *     breaks the backend's limits
   * @throws TaskReportException if the backend refused the poll (an unknown activity, domain or
   *     task list is {@link ReportRejectedException}, never {@link TaskGoneException})
   */
  Optional<ActivityTask> poll(TaskSource source, @Nullable String identity);

  /** {@link #poll} without blocking the calling thread. */
  CompletableFuture<Optional<ActivityTask>> pollAsync(TaskSource source, @Nullable String identity);

  /**
   * Closes the task as succeeded with {@code result}: SWF {@code result}, Step Functions {@code
   * output}. A result cannot be cut to fit (cut JSON is not JSON), so one over the limit, or on
   * Step Functions one that is not valid JSON, is always refused before any network call.
   *
   * @throws IllegalArgumentException if the token or result breaks a rule
   * @throws TaskReportException if the backend refused the call or could not be reached
   */
  void succeed(TaskToken token, @Nullable String result);

  /** {@link #succeed} without blocking the calling thread. */
  CompletableFuture<Void> succeedAsync(TaskToken token, @Nullable String result);

  /**
   * Tells the backend the task is still being worked on.
   *
   * @param details progress details (SWF only, up to 2048 characters); Step Functions' API takes
   *     none, so they are checked and not sent there
   * @return what the backend answered; {@link HeartbeatAnswer#cancelRequested()} is never true on
   *     Step Functions
   * @throws TaskGoneException if the task is closed, timed out or (Step Functions) its execution
   *     stopped: stop working on it, and report nothing
   */
  HeartbeatAnswer heartbeat(TaskToken token, @Nullable String details);

  /** {@link #heartbeat} without blocking the calling thread. */
  CompletableFuture<HeartbeatAnswer> heartbeatAsync(TaskToken token, @Nullable String details);

  /**
   * Answers a cancellation request: SWF {@code RespondActivityTaskCanceled} with {@code details}.
   * Step Functions has no such call; there the task is failed with a documented, stable error code
   * that a {@code Catch} can route, and the details as cause.
   *
   * @throws IllegalArgumentException if the token or details break a rule
   * @throws TaskReportException if the backend refused the call or could not be reached
   */
  void cancel(TaskToken token, @Nullable String details);

  /** {@link #cancel} without blocking the calling thread. */
  CompletableFuture<Void> cancelAsync(TaskToken token, @Nullable String details);
}
