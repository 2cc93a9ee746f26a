package dev.taskbridge.api;

import org.jspecify.annotations.Nullable;

/**
 * What is known about a report that did not land: the backend's last answer and the attempts made.
 *
 * <p>Bindings fill it in; applications read it through {@link TaskReportException}. The backend
 * message is sanitised by the binding (any echo of the token, error or cause removed) before it
 * gets here.
 *
 * @param backendErrorCode the raw wire code of the last answer ({@code "TaskTimedOut"}, {@code
 *     "UnknownResourceFault"}, ...), or null when there was no answer (I/O error, timeout)
 * @param httpStatus the HTTP status of the last answer, or 0 when there was none
 * @param requestId the backend's request id of the last answer, when known
 * @param backendMessage the backend's message of the last answer, sanitised, when known
 * @param kmsKeyState the KMS key state reported with {@code KmsInvalidStateException}, when known
 * @param attempts how many attempts taskbridge made (each one call of the SDK client; at most
 *     {@link ReporterOptions#maxAttempts()})
 * @param sdkAttempts how many HTTP requests those calls made in all, the SDK client's own retries
 *     included (equal to {@code attempts} when the client does not retry on its own)
 * @param mayHaveLanded whether an attempt got no answer from a server it reached or a 5xx, so the
 *     report may have been applied although no success was seen; after a KMS fallback that got no
 *     answer, also whether that fallback may have failed the task without details
 * @param failedWithoutDetails whether the task was failed after all, by a second report with
 *     neither error nor cause (the Step Functions KMS fallback)
 */
public record ReportDiagnostics(
    @Nullable String backendErrorCode,
    int httpStatus,
    @Nullable String requestId,
    @Nullable String backendMessage,
    @Nullable String kmsKeyState,
    int attempts,
    int sdkAttempts,
    boolean mayHaveLanded,
    boolean failedWithoutDetails) {

  /**
   * Diagnostics of a report whose task was not failed by a fallback, made over a client that does
   * not retry on its own ({@code sdkAttempts == attempts}).
   */
  public ReportDiagnostics(
      @Nullable String backendErrorCode,
      int httpStatus,
      @Nullable String requestId,
      @Nullable String backendMessage,
      @Nullable String kmsKeyState,
      int attempts,
      boolean mayHaveLanded) {
    this(
        backendErrorCode,
        httpStatus,
        requestId,
        backendMessage,
        kmsKeyState,
        attempts,
        attempts,
        mayHaveLanded,
        false);
  }

  /** These diagnostics, saying the task was failed without details by a fallback report. */
  public ReportDiagnostics withFailedWithoutDetails() {
    return new ReportDiagnostics(
        backendErrorCode,
        httpStatus,
        requestId,
        backendMessage,
        kmsKeyState,
        attempts,
        sdkAttempts,
        mayHaveLanded,
        true);
  }

  /**
   * These diagnostics, saying the report may have landed: a KMS fallback report got no answer, so
   * it may have failed the task without details.
   */
  public ReportDiagnostics withMayHaveLanded() {
    return new ReportDiagnostics(
        backendErrorCode,
        httpStatus,
        requestId,
        backendMessage,
        kmsKeyState,
        attempts,
        sdkAttempts,
        true,
        failedWithoutDetails);
  }
}
