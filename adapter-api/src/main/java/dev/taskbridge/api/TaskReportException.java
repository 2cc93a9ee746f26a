package dev.taskbridge.api;

import dev.taskbridge.api.internal.Delivery;
import dev.taskbridge.api.internal.Refusals;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A call of an activity task that did not land: a failure report, a poll, a success, a heartbeat or
 * a cancellation. The one root of every backend refusal, on both backends.
 *
 * <p>Catch this type and branch on the leaf (or on {@link #outcome()}); the leaves are final and
 * the hierarchy is closed. Each leaf is one row of the translation table (see {@link
 * ReportOutcome}). The AWS SDK exception of the last attempt, when there was one, is the
 * {@linkplain #getCause() cause}. {@link #call()} says which call it was.
 *
 * <p>Nothing is lost: the exception carries the {@linkplain #token() token}, the {@linkplain
 * #failure() failure as it was sent} and the {@linkplain #payload() result or details as they were
 * sent}, so the caller can store or resend them. None appears in the message or in {@code
 * toString()}: the message shows the backend, the wire code, the request id and the token's
 * fingerprint only, as {@code key='value'} pairs.
 *
 * <p>Bindings create instances through {@code dev.taskbridge.api.internal.Refusals}, which is not
 * API.
 */
public abstract sealed class TaskReportException extends RuntimeException
    permits TaskGoneException,
        InvalidTaskTokenException,
        ReportNotPermittedException,
        EncryptionKeyException,
        ReportRejectedException,
        BackendThrottledException,
        BackendUnavailableException {

  private static final long serialVersionUID = 1L;

  static {
    Refusals.install(new Access());
  }

  private final ReportOutcome outcome;
  private final Backend backend;
  private final TaskCall call;
  private final transient Delivery delivery;
  private final transient ReportDiagnostics diagnostics;

  TaskReportException(
      ReportOutcome outcome,
      Delivery delivery,
      ReportDiagnostics diagnostics,
      @Nullable Throwable cause) {
    super(message(outcome, delivery, diagnostics), cause);
    this.outcome = outcome;
    this.backend = delivery.backend();
    this.call = delivery.call();
    this.delivery = delivery;
    this.diagnostics = diagnostics;
  }

  private static String message(ReportOutcome outcome, Delivery delivery, ReportDiagnostics d) {
    Backend backend = delivery.backend();
    StringBuilder sb =
        new StringBuilder(160)
            .append(backend.displayName())
            .append(" did not accept the ")
            .append(delivery.call().noun())
            .append(": ")
            .append(summary(outcome))
            .append(" [backend='")
            .append(backend)
            .append("', outcome='")
            .append(outcome)
            .append('\'');
    if (delivery.call() != TaskCall.REPORT) {
      sb.append(", call='").append(delivery.call()).append('\'');
    }
    if (d.backendErrorCode() != null) {
      sb.append(", code='").append(d.backendErrorCode()).append('\'');
    }
    if (d.httpStatus() != 0) {
      sb.append(", status='").append(d.httpStatus()).append('\'');
    }
    if (d.requestId() != null) {
      sb.append(", requestId='").append(d.requestId()).append('\'');
    }
    sb.append(", attempts='")
        .append(d.attempts())
        .append("', mayHaveLanded='")
        .append(d.mayHaveLanded())
        .append('\'');
    TaskToken token = delivery.token();
    if (token != null) {
      sb.append(", token='").append(token.fingerprint()).append('\'');
    }
    TaskSource source = delivery.source();
    if (source != null) {
      sb.append(", source='").append(source).append('\'');
    }
    if (d.failedWithoutDetails()) {
      sb.append(", failedWithoutDetails='true'");
    }
    if (d.kmsKeyState() != null) {
      sb.append(", kmsKeyState='").append(d.kmsKeyState()).append('\'');
    }
    if (d.backendMessage() != null) {
      sb.append(", backendMessage='").append(d.backendMessage()).append('\'');
    }
    return sb.append(']').toString();
  }

  private static String summary(ReportOutcome outcome) {
    return switch (outcome) {
      case TASK_GONE -> "the task is gone (closed, timed out or not known).";
      case INVALID_TOKEN -> "the task token is not valid.";
      case NOT_PERMITTED -> "the caller is not permitted to report this task.";
      case ENCRYPTION_KEY_UNUSABLE -> "the task's KMS key cannot be used.";
      case REJECTED -> "the request was rejected as invalid.";
      case THROTTLED -> "the backend was still throttling when the retry deadline passed.";
      case UNAVAILABLE -> "the backend could not be reached or kept failing until the deadline.";
    };
  }

  /** Which row of the translation table this is. */
  public final ReportOutcome outcome() {
    return outcome;
  }

  /** The backend that refused the call. */
  public final Backend backend() {
    return backend;
  }

  /** Which call of the task did not land. */
  public final TaskCall call() {
    return call;
  }

  /** The raw wire code of the last answer, or null when there was no answer. */
  public final @Nullable String backendErrorCode() {
    return diagnostics.backendErrorCode();
  }

  /** The backend's request id of the last answer, when known. */
  public final Optional<String> requestId() {
    return Optional.ofNullable(diagnostics.requestId());
  }

  /** Whether sending the same call again later may succeed (throttling, unavailability). */
  public final boolean retryable() {
    return outcome.retryable();
  }

  /**
   * Whether the call may have been applied although no success was seen: an attempt got no answer
   * (I/O error, timeout) or a 5xx. For a {@link TaskGoneException} this means the task may be gone
   * because of this very call; for a poll, that a task may have been handed out and its answer lost
   * (it times out on the backend).
   */
  public boolean mayHaveLanded() {
    return diagnostics.mayHaveLanded();
  }

  /**
   * Whether the task was failed after all, by a second report with neither error nor cause (see
   * {@link ReporterOptions#kmsFallback()}): the task is closed, but without this failure's details.
   */
  public final boolean failedWithoutDetails() {
    return diagnostics.failedWithoutDetails();
  }

  /**
   * The token of the task the call was about; null only for a {@linkplain TaskCall#POLL poll},
   * which has no task yet. A secret: do not log {@link TaskToken#value()}.
   */
  public final @Nullable TaskToken token() {
    return delivery.token();
  }

  /** Where the poll polled; empty for every other call. */
  public final Optional<TaskSource> source() {
    return Optional.ofNullable(delivery.source());
  }

  /**
   * The failure exactly as it was sent, after the field rules: the report's, or on Step Functions
   * the cancellation's ({@link TaskClient#CANCELED_ERROR} and the details); empty (neither error
   * nor cause) for the other calls. May hold personal data.
   */
  public final TaskFailure failure() {
    return delivery.failure();
  }

  /**
   * The result ({@link TaskCall#SUCCEED}) or the details ({@link TaskCall#HEARTBEAT}, {@link
   * TaskCall#CANCEL}) exactly as they were sent, after the field rules; empty when there were none,
   * and for a poll or a report. May hold personal data.
   */
  public final Optional<String> payload() {
    return Optional.ofNullable(delivery.payload());
  }

  /** The backend's last answer and the attempts made. */
  public final ReportDiagnostics diagnostics() {
    return diagnostics;
  }

  /** The binding SPI's way in; see {@link Refusals}. */
  private static final class Access implements Refusals.Access {
    @Override
    public TaskReportException create(
        ReportOutcome outcome,
        Delivery delivery,
        ReportDiagnostics diagnostics,
        @Nullable Throwable cause) {
      return switch (outcome) {
        case TASK_GONE -> new TaskGoneException(delivery, diagnostics, cause);
        case INVALID_TOKEN -> new InvalidTaskTokenException(delivery, diagnostics, cause);
        case NOT_PERMITTED -> new ReportNotPermittedException(delivery, diagnostics, cause);
        case ENCRYPTION_KEY_UNUSABLE -> new EncryptionKeyException(delivery, diagnostics, cause);
        case REJECTED -> new ReportRejectedException(delivery, diagnostics, cause);
        case THROTTLED -> new BackendThrottledException(delivery, diagnostics, cause);
        case UNAVAILABLE -> new BackendUnavailableException(delivery, diagnostics, cause);
      };
    }

    @Override
    public ReportDiagnostics diagnostics(
        @Nullable String backendErrorCode,
        int httpStatus,
        @Nullable String requestId,
        @Nullable String backendMessage,
        @Nullable String kmsKeyState,
        int attempts,
        boolean mayHaveLanded,
        boolean failedWithoutDetails) {
      return new ReportDiagnostics(
          backendErrorCode,
          httpStatus,
          requestId,
          backendMessage,
          kmsKeyState,
          attempts,
          mayHaveLanded,
          failedWithoutDetails);
    }
  }
}
