package dev.taskbridge.aws.internal;

import dev.taskbridge.api.ReportOutcome;
import dev.taskbridge.api.TaskCall;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Turns one SDK exception into one row of the translation table.
 *
 * <p>Order: the backend's own codes; a {@code ValidationException} that names the task token is an
 * invalid token on both backends; HTTP 429 and the SDK's throttling codes are throttling; 5xx and
 * the SDK's transient codes are unavailability; any other answer is a rejection. An exception with
 * no answer (I/O error, timeout, client-side failure) is unavailability.
 */
final class ErrorClassifier {

  /** Codes the SDK itself treats as transient (AwsErrorCode.RETRYABLE_ERROR_CODES + clock skew). */
  private static final java.util.Set<String> TRANSIENT_CODES =
      java.util.Set.of(
          "PriorRequestNotComplete",
          "RequestTimeout",
          "RequestTimeoutException",
          "InternalError",
          "InternalFailure",
          "ServiceUnavailable",
          "RequestTimeTooSkewed",
          "RequestExpired",
          "RequestInTheFuture");

  private static final Pattern STATUS_IN_MESSAGE = Pattern.compile("Status Code: (\\d{3})");

  private final BackendProfile profile;

  ErrorClassifier(BackendProfile profile) {
    this.profile = profile;
  }

  /** The classification of one failed attempt. */
  record Attempt(
      ReportOutcome outcome,
      @Nullable String code,
      int status,
      @Nullable String requestId,
      @Nullable String message,
      @Nullable String kmsKeyState,
      int sdkAttempts,
      boolean priorSdkAttemptMayHaveLanded,
      boolean mayHaveLanded) {}

  /**
   * A failure that is not an SDK exception: something the HTTP client let through. Treated as no
   * answer, which may or may not have been applied.
   */
  Attempt classify(TaskCall call, RuntimeException e) {
    if (e instanceof SdkException sdk) {
      return classify(call, sdk);
    }
    return new Attempt(ReportOutcome.UNAVAILABLE, null, 0, null, null, null, 1, false, true);
  }

  /** {@link #classify(TaskCall, SdkException)} for a failure report. */
  Attempt classify(SdkException e) {
    return classify(TaskCall.REPORT, e);
  }

  Attempt classify(TaskCall call, SdkException e) {
    int sdkAttempts = e.numAttempts() == null ? 1 : Math.max(1, e.numAttempts());
    boolean prior = priorAttemptsMayHaveLanded(e);
    if (e instanceof AwsServiceException ase) {
      AwsErrorDetails details = ase.awsErrorDetails();
      String code = details == null ? null : details.errorCode();
      String message = details == null ? null : details.errorMessage();
      int status = ase.statusCode();
      ReportOutcome outcome = outcome(call, ase, code, message, status);
      return new Attempt(
          outcome,
          code,
          status,
          ase.requestId(),
          message,
          outcome == ReportOutcome.ENCRYPTION_KEY_UNUSABLE ? profile.kmsKeyState().read(ase) : null,
          sdkAttempts,
          prior,
          status >= 500);
    }
    if (e instanceof SdkServiceException sse) {
      // A service answer the AWS layer did not parse: judge it by its status alone.
      int status = sse.statusCode();
      ReportOutcome outcome =
          status == 429
              ? ReportOutcome.THROTTLED
              : status >= 500 || status == 0 ? ReportOutcome.UNAVAILABLE : ReportOutcome.REJECTED;
      return new Attempt(
          outcome, null, status, sse.requestId(), null, null, sdkAttempts, prior, status >= 500);
    }
    // No answer from the backend. It may have applied the request if it was sent at all.
    return new Attempt(
        ReportOutcome.UNAVAILABLE,
        null,
        0,
        null,
        null,
        null,
        sdkAttempts,
        prior,
        mayHaveBeenSent(e));
  }

  private ReportOutcome outcome(
      TaskCall call,
      AwsServiceException e,
      @Nullable String code,
      @Nullable String message,
      int status) {
    if (code != null) {
      ReportOutcome known = profile.outcome(call, code);
      if (known != null) {
        if ("ValidationException".equals(code) && mentionsToken(message)) {
          return ReportOutcome.INVALID_TOKEN;
        }
        return known;
      }
    }
    if (status == 429 || e.isThrottlingException()) {
      return ReportOutcome.THROTTLED;
    }
    if (status >= 500 || (code != null && TRANSIENT_CODES.contains(code))) {
      return ReportOutcome.UNAVAILABLE;
    }
    return ReportOutcome.REJECTED;
  }

  /**
   * Coral names the offending member ("Value ... at 'taskToken' failed to satisfy ..."); moto's SWF
   * answers "Invalid token".
   */
  private static boolean mentionsToken(@Nullable String message) {
    if (message == null) {
      return false;
    }
    String m = message.toLowerCase(Locale.ROOT);
    return m.contains("tasktoken") || m.startsWith("invalid token");
  }

  private static boolean mayHaveBeenSent(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException
          || t instanceof UncheckedIOException
          || t instanceof ApiCallTimeoutException
          || t instanceof ApiCallAttemptTimeoutException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /**
   * The SDK adds one suppressed {@code "Request attempt N failure: <message>"} per earlier attempt
   * it retried on its own. A message with a 4xx status was an answer (throttling: not applied);
   * anything else (5xx, I/O error) may have been applied.
   */
  private static boolean priorAttemptsMayHaveLanded(SdkException e) {
    for (Throwable s : e.getSuppressed()) {
      String m = s.getMessage();
      if (m == null || !m.startsWith("Request attempt ")) {
        continue;
      }
      Matcher matcher = STATUS_IN_MESSAGE.matcher(m);
      if (!matcher.find() || matcher.group(1).charAt(0) != '4') {
        return true;
      }
    }
    return false;
  }
}
