package dev.taskbridge.api;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What is known about a call that did not land: the backend's last answer and the attempts made.
 *
 * <p>Bindings fill it in (through {@code dev.taskbridge.api.internal.Refusals}); applications read
 * it through {@link TaskReportException}. The backend message is sanitised by the binding (any echo
 * of the token or of what was sent removed) before it gets here.
 */
public final class ReportDiagnostics {

  private final @Nullable String backendErrorCode;
  private final int httpStatus;
  private final @Nullable String requestId;
  private final @Nullable String backendMessage;
  private final @Nullable String kmsKeyState;
  private final int attempts;
  private final boolean mayHaveLanded;
  private final boolean failedWithoutDetails;

  ReportDiagnostics(
      @Nullable String backendErrorCode,
      int httpStatus,
      @Nullable String requestId,
      @Nullable String backendMessage,
      @Nullable String kmsKeyState,
      int attempts,
      boolean mayHaveLanded,
      boolean failedWithoutDetails) {
    this.backendErrorCode = backendErrorCode;
    this.httpStatus = httpStatus;
    this.requestId = requestId;
    this.backendMessage = backendMessage;
    this.kmsKeyState = kmsKeyState;
    this.attempts = attempts;
    this.mayHaveLanded = mayHaveLanded;
    this.failedWithoutDetails = failedWithoutDetails;
  }

  /**
   * The raw wire code of the last answer ({@code "TaskTimedOut"}, {@code "UnknownResourceFault"},
   * ...), or null when there was no answer (I/O error, timeout).
   */
  public @Nullable String backendErrorCode() {
    return backendErrorCode;
  }

  /** The HTTP status of the last answer, or 0 when there was none. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The backend's request id of the last answer, when known. */
  public @Nullable String requestId() {
    return requestId;
  }

  /** The backend's message of the last answer, sanitised, when known. */
  public @Nullable String backendMessage() {
    return backendMessage;
  }

  /** The KMS key state reported with {@code KmsInvalidStateException}, when known. */
  public @Nullable String kmsKeyState() {
    return kmsKeyState;
  }

  /**
   * How many attempts were made, counting the SDK client's own retries when the SDK reports them.
   */
  public int attempts() {
    return attempts;
  }

  /**
   * Whether an attempt got no answer or a 5xx, so the call may have been applied although no
   * success was seen.
   */
  public boolean mayHaveLanded() {
    return mayHaveLanded;
  }

  /**
   * Whether the task was failed after all, by a second report with neither error nor cause (the
   * Step Functions KMS fallback).
   */
  public boolean failedWithoutDetails() {
    return failedWithoutDetails;
  }

  /** Equal when every part is equal. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ReportDiagnostics other
        && Objects.equals(backendErrorCode, other.backendErrorCode)
        && httpStatus == other.httpStatus
        && Objects.equals(requestId, other.requestId)
        && Objects.equals(backendMessage, other.backendMessage)
        && Objects.equals(kmsKeyState, other.kmsKeyState)
        && attempts == other.attempts
        && mayHaveLanded == other.mayHaveLanded
        && failedWithoutDetails == other.failedWithoutDetails;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        backendErrorCode,
        httpStatus,
        requestId,
        backendMessage,
        kmsKeyState,
        attempts,
        mayHaveLanded,
        failedWithoutDetails);
  }

  /** Every part; the backend message is sanitised already. */
  @Override
  public String toString() {
    return "ReportDiagnostics[backendErrorCode="
        + backendErrorCode
        + ", httpStatus="
        + httpStatus
        + ", requestId="
        + requestId
        + ", backendMessage="
        + backendMessage
        + ", kmsKeyState="
        + kmsKeyState
        + ", attempts="
        + attempts
        + ", mayHaveLanded="
        + mayHaveLanded
        + ", failedWithoutDetails="
        + failedWithoutDetails
        + "]";
  }
}
