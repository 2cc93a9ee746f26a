package dev.taskbridge.api;

/**
 * Why a report did not land, in the vocabulary both backends share: one value per row of the
 * translation table, one {@link TaskReportException} leaf per value.
 *
 * <table>
 *   <caption>Wire codes behind each outcome</caption>
 *   <tr><th>outcome</th><th>Step Functions</th><th>SWF</th><th>retried</th></tr>
 *   <tr><td>{@link #TASK_GONE}</td><td>TaskTimedOut, TaskDoesNotExist</td>
 *       <td>UnknownResourceFault</td><td>never</td></tr>
 *   <tr><td>{@link #INVALID_TOKEN}</td><td>InvalidToken</td>
 *       <td>ValidationException on the token</td><td>never</td></tr>
 *   <tr><td>{@link #NOT_PERMITTED}</td><td>AccessDeniedException, KmsAccessDeniedException</td>
 *       <td>OperationNotPermittedFault, AccessDeniedException</td><td>never</td></tr>
 *   <tr><td>{@link #ENCRYPTION_KEY_UNUSABLE}</td><td>KmsInvalidStateException</td><td>-</td>
 *       <td>never</td></tr>
 *   <tr><td>{@link #REJECTED}</td><td>ValidationException, any other 4xx</td>
 *       <td>ValidationException, any other 4xx</td><td>never</td></tr>
 *   <tr><td>{@link #THROTTLED}</td><td>ThrottlingException, KmsThrottlingException, HTTP 429</td>
 *       <td>ThrottlingException, LimitExceededFault, HTTP 429</td><td>yes</td></tr>
 *   <tr><td>{@link #UNAVAILABLE}</td><td>HTTP 5xx, I/O errors, timeouts</td><td>same</td>
 *       <td>yes</td></tr>
 * </table>
 */
public enum ReportOutcome {
  /** The task is closed, timed out or not known; see {@link TaskGoneException}. */
  TASK_GONE(false),
  /** The backend says the token is malformed; see {@link InvalidTaskTokenException}. */
  INVALID_TOKEN(false),
  /** The caller may not report this task; see {@link ReportNotPermittedException}. */
  NOT_PERMITTED(false),
  /** The task's KMS key cannot be used; see {@link EncryptionKeyException}. */
  ENCRYPTION_KEY_UNUSABLE(false),
  /** The backend refused the request as invalid; see {@link ReportRejectedException}. */
  REJECTED(false),
  /** The backend is throttling; see {@link BackendThrottledException}. */
  THROTTLED(true),
  /**
   * The backend did not answer usefully (5xx, I/O, timeout); see {@link
   * BackendUnavailableException}.
   */
  UNAVAILABLE(true);

  private final boolean retryable;

  ReportOutcome(boolean retryable) {
    this.retryable = retryable;
  }

  /** Whether the same report may succeed if sent again later. */
  public boolean retryable() {
    return retryable;
  }
}
