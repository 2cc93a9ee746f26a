package dev.taskbridge.api;

import dev.taskbridge.api.internal.Delivery;
import org.jspecify.annotations.Nullable;

/**
 * The backend could not be reached or kept failing until the retry deadline: HTTP 5xx, I/O errors,
 * timeouts. Retryable later; see {@link #mayHaveLanded()} before resending.
 */
public final class BackendUnavailableException extends TaskReportException {

  private static final long serialVersionUID = 1L;

  BackendUnavailableException(
      Delivery delivery, ReportDiagnostics diagnostics, @Nullable Throwable cause) {
    super(ReportOutcome.UNAVAILABLE, delivery, diagnostics, cause);
  }
}
