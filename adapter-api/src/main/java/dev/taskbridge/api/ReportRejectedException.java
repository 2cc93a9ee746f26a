package dev.taskbridge.api;

import org.jspecify.annotations.Nullable;

/**
 * The backend refused the request as invalid ({@code ValidationException} or another 4xx it does
 * not otherwise explain). Never retried: the same request would be refused again.
 */
public final class ReportRejectedException extends TaskReportException {

  private static final long serialVersionUID = 1L;

  ReportRejectedException(
      Backend backend,
      TaskToken token,
      TaskFailure failure,
      ReportDiagnostics diagnostics,
      @Nullable Throwable cause) {
    super(ReportOutcome.REJECTED, backend, token, failure, diagnostics, cause);
  }
}
