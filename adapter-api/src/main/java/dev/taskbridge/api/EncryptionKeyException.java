package dev.taskbridge.api;

import dev.taskbridge.api.internal.Delivery;
import org.jspecify.annotations.Nullable;

/**
 * The Step Functions task's customer managed KMS key cannot be used ({@code
 * KmsInvalidStateException}). Never retried. A report with neither error nor cause needs no KMS
 * permission and can still fail the task.
 */
public final class EncryptionKeyException extends TaskReportException {

  private static final long serialVersionUID = 1L;

  EncryptionKeyException(
      Delivery delivery, ReportDiagnostics diagnostics, @Nullable Throwable cause) {
    super(ReportOutcome.ENCRYPTION_KEY_UNUSABLE, delivery, diagnostics, cause);
  }

  /**
   * The key state the backend reported ({@code DISABLED}, {@code PENDING_DELETION}, ...), if any.
   */
  public java.util.Optional<String> keyState() {
    return java.util.Optional.ofNullable(diagnostics().kmsKeyState());
  }
}
