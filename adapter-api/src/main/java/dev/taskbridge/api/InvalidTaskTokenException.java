package dev.taskbridge.api;

import org.jspecify.annotations.Nullable;

/**
 * The backend says the task token is malformed: Step Functions {@code InvalidToken}, SWF {@code
 * ValidationException} on the token. Never retried.
 *
 * <p>SWF answers {@code UnknownResourceFault} for most bad tokens, which is a {@link
 * TaskGoneException}: the two services draw this line differently.
 */
public final class InvalidTaskTokenException extends TaskReportException {

  private static final long serialVersionUID = 1L;

  InvalidTaskTokenException(
      Backend backend,
      TaskToken token,
      TaskFailure failure,
      ReportDiagnostics diagnostics,
      @Nullable Throwable cause) {
    super(ReportOutcome.INVALID_TOKEN, backend, token, failure, diagnostics, cause);
  }
}
