package dev.taskbridge.api;

import dev.taskbridge.api.internal.Delivery;
import org.jspecify.annotations.Nullable;

/**
 * The backend was still throttling when the retry deadline passed: {@code ThrottlingException},
 * Step Functions {@code KmsThrottlingException}, SWF {@code LimitExceededFault} or HTTP 429.
 * Retryable later.
 */
public final class BackendThrottledException extends TaskReportException {

  private static final long serialVersionUID = 1L;

  BackendThrottledException(
      Delivery delivery, ReportDiagnostics diagnostics, @Nullable Throwable cause) {
    super(ReportOutcome.THROTTLED, delivery, diagnostics, cause);
  }
}
