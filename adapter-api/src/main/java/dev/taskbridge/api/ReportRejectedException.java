package dev.taskbridge.api;

import dev.taskbridge.api.internal.Delivery;
import org.jspecify.annotations.Nullable;

/**
 * The backend refused the request as invalid ({@code ValidationException} or another 4xx it does
 * not otherwise explain). Never retried: the same request would be refused again.
 */
public final class ReportRejectedException extends TaskReportException {

  private static final long serialVersionUID = 1L;

  ReportRejectedException(
      Delivery delivery, ReportDiagnostics diagnostics, @Nullable Throwable cause) {
    super(ReportOutcome.REJECTED, delivery, diagnostics, cause);
  }
}
