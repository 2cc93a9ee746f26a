package dev.taskbridge.api;

import dev.taskbridge.api.internal.Delivery;
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
      Delivery delivery, ReportDiagnostics diagnostics, @Nullable Throwable cause) {
    super(ReportOutcome.INVALID_TOKEN, delivery, diagnostics, cause);
  }
}
