package dev.taskbridge.api;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A failure report that did not land. The one root of every backend refusal, on both backends.
 *
 * <p>Catch this type and branch on the leaf (or on {@link #outcome()}); the leaves are final and
 * the hierarchy is closed. Each leaf is one row of the translation table (see {@link
 * ReportOutcome}). The AWS SDK exception of the last attempt, when there was one, is the
 * {@linkplain #getCause() cause}.
 *
 * <p>Nothing is lost: the exception carries the {@linkplain #token() token} and the {@linkplain
 * #failure() failure as it was sent}, so the caller can store or resend it. Neither appears in the
 * message or in {@code toString()}: the message shows the backend, the wire code, the request id
 * and the token's fingerprint only, as {@code key='value'} pairs.
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

  private final ReportOutcome outcome;
  private final Backend backend;
  private final transient TaskToken token;
  private final transient TaskFailure failure;
  private final transient ReportDiagnostics diagnostics;

  TaskReportException(
      ReportOutcome outcome,
      Backend backend,
      TaskToken token,
      TaskFailure failure,
      ReportDiagnostics diagnostics,
      @Nullable Throwable cause) {
    super(message(outcome, backend, token, diagnostics), cause);
    this.outcome = outcome;
    this.backend = backend;
    this.token = token;
    this.failure = failure;
    this.diagnostics = diagnostics;
  }

  /**
   * Creates the leaf for {@code outcome}. For bindings, and for tests that need to simulate a
   * refusal.
   *
   * @param failure the failure as it was (or would have been) sent, after the field rules
   * @param cause the SDK exception of the last attempt, if any
   */
  public static TaskReportException of(
      ReportOutcome outcome,
      Backend backend,
      TaskToken token,
      TaskFailure failure,
      ReportDiagnostics diagnostics,
      @Nullable Throwable cause) {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(failure, "failure");
    Objects.requireNonNull(diagnostics, "diagnostics");
    return switch (outcome) {
      case TASK_GONE -> new TaskGoneException(backend, token, failure, diagnostics, cause);
      case INVALID_TOKEN ->
          new InvalidTaskTokenException(backend, token, failure, diagnostics, cause);
      case NOT_PERMITTED ->
          new ReportNotPermittedException(backend, token, failure, diagnostics, cause);
      case ENCRYPTION_KEY_UNUSABLE ->
          new EncryptionKeyException(backend, token, failure, diagnostics, cause);
      case REJECTED -> new ReportRejectedException(backend, token, failure, diagnostics, cause);
      case THROTTLED -> new BackendThrottledException(backend, token, failure, diagnostics, cause);
      case UNAVAILABLE ->
          new BackendUnavailableException(backend, token, failure, diagnostics, cause);
    };
  }

  private static String message(
      ReportOutcome outcome, Backend backend, TaskToken token, ReportDiagnostics d) {
    StringBuilder sb =
        new StringBuilder(160)
            .append(backend.displayName())
            .append(" did not accept the failure report: ")
            .append(summary(outcome))
            .append(" [backend='")
            .append(backend)
            .append("', outcome='")
            .append(outcome)
            .append('\'');
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
        .append("', sdkAttempts='")
        .append(d.sdkAttempts())
        .append("', mayHaveLanded='")
        .append(d.mayHaveLanded())
        .append("', token='")
        .append(token.fingerprint())
        .append('\'');
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

  /** The backend that refused the report. */
  public final Backend backend() {
    return backend;
  }

  /** The raw wire code of the last answer, or null when there was no answer. */
  public final @Nullable String backendErrorCode() {
    return diagnostics.backendErrorCode();
  }

  /** The backend's request id of the last answer, when known. */
  public final Optional<String> requestId() {
    return Optional.ofNullable(diagnostics.requestId());
  }

  /** Whether sending the same report again later may succeed (throttling, unavailability). */
  public final boolean retryable() {
    return outcome.retryable();
  }

  /**
   * Whether the report may have been applied although no success was seen: an attempt got no answer
   * from a server it reached (I/O error, timeout) or a 5xx. A refused connection, an unknown host
   * or a failed TLS handshake did not land; an answered 4xx (throttling included) did not land. For
   * a {@link TaskGoneException} this means the task may be gone because of this very report. After
   * a {@linkplain ReporterOptions#kmsFallback() KMS fallback} that got no answer, it also means the
   * fallback may have failed the task without details ({@link #failedWithoutDetails()} is true only
   * when the fallback was seen to land).
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
   * The same refusal, saying the task was failed without details by a fallback report. For
   * bindings.
   */
  public final TaskReportException withFailedWithoutDetails() {
    return withDiagnostics(diagnostics.withFailedWithoutDetails());
  }

  /**
   * The same refusal (same leaf, token, failure, cause, stack trace and suppressed exceptions) with
   * other diagnostics. For bindings.
   */
  public final TaskReportException withDiagnostics(ReportDiagnostics diagnostics) {
    Objects.requireNonNull(diagnostics, "diagnostics");
    TaskReportException copy = of(outcome, backend, token, failure, diagnostics, getCause());
    copy.setStackTrace(getStackTrace());
    for (Throwable s : getSuppressed()) {
      copy.addSuppressed(s);
    }
    return copy;
  }

  /** The token of the report. A secret: do not log {@link TaskToken#value()}. */
  public final TaskToken token() {
    return token;
  }

  /** The failure exactly as it was sent, after the field rules; may hold personal data. */
  public final TaskFailure failure() {
    return failure;
  }

  /** The backend's last answer and the attempts made. */
  public final ReportDiagnostics diagnostics() {
    return diagnostics;
  }
}
