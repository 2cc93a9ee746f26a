package dev.taskbridge.api;

import dev.taskbridge.api.internal.Delivery;
import org.jspecify.annotations.Nullable;

/**
 * The task is gone: closed, timed out, or not known to the backend. Step Functions {@code
 * TaskTimedOut} or {@code TaskDoesNotExist}, SWF {@code UnknownResourceFault}. Never retried.
 *
 * <p>SWF gives the same answer for a task that never existed, one already closed and one timed out;
 * Step Functions separates a malformed token ({@link InvalidTaskTokenException}) from a closed or
 * expired task. When {@link #mayHaveLanded()} is true, an earlier attempt of this same call got no
 * answer, so the task may be gone because this report closed it.
 */
public final class TaskGoneException extends TaskReportException {

  private static final long serialVersionUID = 1L;

  TaskGoneException(Delivery delivery, ReportDiagnostics diagnostics, @Nullable Throwable cause) {
    super(ReportOutcome.TASK_GONE, delivery, diagnostics, cause);
  }
}
