package dev.taskbridge.api;

import dev.taskbridge.api.internal.Delivery;
import org.jspecify.annotations.Nullable;

/**
 * The caller may not report this task: IAM denial ({@code AccessDeniedException} on either
 * service), SWF {@code OperationNotPermittedFault}, or Step Functions {@code
 * KmsAccessDeniedException} on an encrypted task. Never retried.
 */
public final class ReportNotPermittedException extends TaskReportException {

  private static final long serialVersionUID = 1L;

  ReportNotPermittedException(
      Delivery delivery, ReportDiagnostics diagnostics, @Nullable Throwable cause) {
    super(ReportOutcome.NOT_PERMITTED, delivery, diagnostics, cause);
  }
}
