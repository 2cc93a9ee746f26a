package dev.taskbridge.api.internal;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.ReportDiagnostics;
import dev.taskbridge.api.ReportOutcome;
import dev.taskbridge.api.TaskCall;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskReportException;
import dev.taskbridge.api.TaskToken;
import org.jspecify.annotations.Nullable;

/**
 * The binding SPI of the exception hierarchy: how bindings create {@link TaskReportException}s and
 * {@link ReportDiagnostics}, whose constructors are not public API.
 *
 * <p>{@code dev.taskbridge.api} installs the one {@link Access} when {@link TaskReportException} is
 * initialised; nothing else may.
 */
public final class Refusals {

  /** Creates what the public API's constructors hide; implemented once, in the API package. */
  public interface Access {
    /** The leaf for {@code outcome}. */
    TaskReportException create(
        ReportOutcome outcome,
        Delivery delivery,
        ReportDiagnostics diagnostics,
        @Nullable Throwable cause);

    /** Diagnostics with the given parts. */
    ReportDiagnostics diagnostics(
        @Nullable String backendErrorCode,
        int httpStatus,
        @Nullable String requestId,
        @Nullable String backendMessage,
        @Nullable String kmsKeyState,
        int attempts,
        boolean mayHaveLanded,
        boolean failedWithoutDetails);
  }

  private static @Nullable Access access;

  private Refusals() {}

  /**
   * Installs the API package's {@link Access}; called once, by {@link TaskReportException}.
   *
   * @throws IllegalStateException if one is installed already or {@code a} is not the API's
   */
  public static synchronized void install(Access a) {
    if (access != null || !a.getClass().getPackageName().equals("dev.taskbridge.api")) {
      throw new IllegalStateException("Refusals.Access is installed by dev.taskbridge.api only");
    }
    access = a;
  }

  private static Access access() {
    Access a;
    synchronized (Refusals.class) {
      a = access;
    }
    if (a == null) {
      try {
        Class.forName(TaskReportException.class.getName(), true, Refusals.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new AssertionError("TaskReportException is in this module", e);
      }
      synchronized (Refusals.class) {
        a = access;
      }
      if (a == null) {
        throw new AssertionError("TaskReportException did not install Refusals.Access");
      }
    }
    return a;
  }

  /**
   * The leaf for {@code outcome}, carrying everything of {@code delivery}.
   *
   * @param cause the SDK exception of the last attempt, if any
   */
  public static TaskReportException of(
      ReportOutcome outcome,
      Delivery delivery,
      ReportDiagnostics diagnostics,
      @Nullable Throwable cause) {
    return access().create(outcome, delivery, diagnostics, cause);
  }

  /** The leaf for a failure report of {@code failure} (already through the field rules). */
  public static TaskReportException report(
      ReportOutcome outcome,
      Backend backend,
      TaskToken token,
      TaskFailure failure,
      ReportDiagnostics diagnostics,
      @Nullable Throwable cause) {
    return of(
        outcome,
        Delivery.failing(TaskCall.REPORT, backend, token, failure, null),
        diagnostics,
        cause);
  }

  /** Diagnostics of a call whose task was not failed by a fallback. */
  public static ReportDiagnostics diagnostics(
      @Nullable String backendErrorCode,
      int httpStatus,
      @Nullable String requestId,
      @Nullable String backendMessage,
      @Nullable String kmsKeyState,
      int attempts,
      boolean mayHaveLanded) {
    return access()
        .diagnostics(
            backendErrorCode,
            httpStatus,
            requestId,
            backendMessage,
            kmsKeyState,
            attempts,
            mayHaveLanded,
            false);
  }

  /**
   * The same refusal, saying the task was failed without details by a fallback report: same type,
   * delivery, cause, stack trace and suppressed exceptions.
   */
  public static TaskReportException withFailedWithoutDetails(TaskReportException e) {
    ReportDiagnostics d = e.diagnostics();
    TaskReportException copy =
        of(
            e.outcome(),
            delivery(e),
            access()
                .diagnostics(
                    d.backendErrorCode(),
                    d.httpStatus(),
                    d.requestId(),
                    d.backendMessage(),
                    d.kmsKeyState(),
                    d.attempts(),
                    d.mayHaveLanded(),
                    true),
            e.getCause());
    copy.setStackTrace(e.getStackTrace());
    for (Throwable s : e.getSuppressed()) {
      copy.addSuppressed(s);
    }
    return copy;
  }

  /** What {@code e} carries, as a delivery. */
  public static Delivery delivery(TaskReportException e) {
    return new Delivery(
        e.call(),
        e.backend(),
        e.token(),
        e.source().orElse(null),
        null,
        e.failure(),
        e.payload().orElse(null));
  }
}
