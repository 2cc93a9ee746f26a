package dev.taskbridge.aws.internal;

import dev.taskbridge.api.ReportOutcome;
import dev.taskbridge.api.TaskCall;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Turns one failed SDK call into one row of the translation table.
 *
 * <p>Order: the backend's own codes; a {@code ValidationException} that names the task token is an
 * invalid token on both backends; HTTP 429 and the SDK's throttling codes are throttling; 5xx and
 * the SDK's transient codes are unavailability; any other answer is a rejection. A call whose last
 * SDK attempt got no answer (I/O error, timeout, client-side failure) is unavailability.
 *
 * <p>What each SDK attempt got comes from the {@link AttemptLog} the {@link AttemptRecorder} kept,
 * never from exception text: when the SDK gives up with a timeout while it backs off between its
 * own attempts, the last answer it got decides (a throttled call stays throttled).
 */
final class ErrorClassifier {

  /** Codes the SDK itself treats as transient (AwsErrorCode.RETRYABLE_ERROR_CODES + clock skew). */
  private static final Set<String> TRANSIENT_CODES =
      Set.of(
          "PriorRequestNotComplete",
          "RequestTimeout",
          "RequestTimeoutException",
          "InternalError",
          "InternalFailure",
          "ServiceUnavailable",
          "RequestTimeTooSkewed",
          "RequestExpired",
          "RequestInTheFuture");

  /** Codes the SDK treats as throttling (AwsErrorCode.THROTTLING_ERROR_CODES). */
  private static final Set<String> THROTTLING_CODES =
      Set.of(
          "Throttling",
          "ThrottlingException",
          "ThrottledException",
          "RequestThrottledException",
          "TooManyRequestsException",
          "ProvisionedThroughputExceededException",
          "TransactionInProgressException",
          "RequestLimitExceeded",
          "BandwidthLimitExceeded",
          "LimitExceededException",
          "RequestThrottled",
          "SlowDown",
          "EC2ThrottledException");

  private final BackendProfile profile;

  ErrorClassifier(BackendProfile profile) {
    this.profile = profile;
  }

  /**
   * The classification of one failed SDK call.
   *
   * @param sdkAttempts how many HTTP requests the call made (the SDK's own retries included)
   * @param priorSdkAttemptMayHaveLanded whether an SDK attempt before the last got no answer or a
   *     5xx
   * @param mayHaveLanded whether the last SDK attempt got no answer or a 5xx
   */
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
   * Classifies {@code e}, the failure of one SDK call, whose attempts were {@code wire} (empty when
   * nothing was sent, or when the call was not recorded).
   */
  Attempt classify(RuntimeException e, List<SdkAttempt> wire) {
    return classify(TaskCall.REPORT, e, wire);
  }

  /** Classifies {@code e} as the answer to {@code call}: some codes mean another thing there. */
  Attempt classify(TaskCall call, RuntimeException e, List<SdkAttempt> wire) {
    return classify(call, e, wire, null);
  }

  /**
   * As {@link #classify(TaskCall, RuntimeException, List)}, for a call retried after {@code
   * previous}, the classification of the report's previous SDK call (null for the first).
   */
  Attempt classify(
      TaskCall call, RuntimeException e, List<SdkAttempt> wire, @Nullable Attempt previous) {
    int n = wire.size();
    boolean prior = false;
    for (int i = 0; i < n - 1; i++) {
      prior |= wire.get(i).mayHaveLanded();
    }
    SdkAttempt last = n == 0 ? null : wire.get(n - 1);
    if (e instanceof AwsServiceException ase) {
      AwsErrorDetails details = ase.awsErrorDetails();
      String code = details == null ? null : details.errorCode();
      String message = details == null ? null : details.errorMessage();
      int status = ase.statusCode();
      ReportOutcome outcome = outcome(call, code, message, status, ase.isThrottlingException());
      return new Attempt(
          outcome,
          code,
          status,
          ase.requestId(),
          message,
          outcome == ReportOutcome.ENCRYPTION_KEY_UNUSABLE ? profile.kmsKeyState().read(ase) : null,
          Math.max(1, n),
          prior,
          status >= 500);
    }
    if (e instanceof SdkServiceException sse) {
      // A service answer the AWS layer did not parse: judge it by its status alone.
      int status = sse.statusCode();
      return new Attempt(
          byStatus(status),
          null,
          status,
          sse.requestId(),
          null,
          null,
          Math.max(1, n),
          prior,
          status >= 500);
    }
    if (last != null && last.answered()) {
      // The SDK gave up between its own attempts (its API call timeout ran out while it backed
      // off): nothing was in flight, and the last answer is the call's answer.
      int status = last.status();
      String code = last.code() != null ? last.code() : retriedCode(wire, status);
      if (code == null && previous != null && previous.status() == status) {
        // This call's only answer came too late to be read, and the report's previous call, which
        // was retried for its answer, got the same status with a code: most likely that again.
        code = previous.code();
      }
      // Without a code the SDK had not read the answer when the call ended (it retries no 4xx
      // without one): not a rejection, only no usable answer; a 4xx was still not applied.
      ReportOutcome outcome =
          code != null
              ? outcome(call, code, null, status, false)
              : status == 429 ? ReportOutcome.THROTTLED : ReportOutcome.UNAVAILABLE;
      return new Attempt(
          outcome, code, status, last.requestId(), null, null, n, prior, last.mayHaveLanded());
    }
    // No answer to the last attempt. It may have been applied if it reached a server at all.
    return new Attempt(
        ReportOutcome.UNAVAILABLE,
        null,
        0,
        null,
        null,
        null,
        n,
        prior,
        last != null && !neverConnected(e));
  }

  /**
   * The code of the latest earlier attempt of this call that got {@code status} with a code read,
   * or null. The SDK sends another attempt only after an answer it retries (throttling, a transient
   * code, 5xx), so an attempt whose body it had not read when the call's time ran out most likely
   * got the same answer again: a throttled call stays throttled when its last body arrives too late
   * to be read.
   */
  private static @Nullable String retriedCode(List<SdkAttempt> wire, int status) {
    for (int i = wire.size() - 2; i >= 0; i--) {
      SdkAttempt a = wire.get(i);
      if (a.answered() && a.status() == status && a.code() != null) {
        return a.code();
      }
    }
    return null;
  }

  /** A service answer without an error code, judged by its status. */
  private static ReportOutcome byStatus(int status) {
    if (status == 429) {
      return ReportOutcome.THROTTLED;
    }
    return status >= 500 || status == 0 ? ReportOutcome.UNAVAILABLE : ReportOutcome.REJECTED;
  }

  private ReportOutcome outcome(
      TaskCall call,
      @Nullable String code,
      @Nullable String message,
      int status,
      boolean sdkSaysThrottling) {
    if (code != null) {
      ReportOutcome known = profile.outcome(call, code);
      if (known != null) {
        if ("ValidationException".equals(code) && mentionsToken(message)) {
          return ReportOutcome.INVALID_TOKEN;
        }
        return known;
      }
    }
    if (status == 429 || sdkSaysThrottling || (code != null && THROTTLING_CODES.contains(code))) {
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

  /**
   * Whether the failure says, by its type, that the request never reached a server: the connection
   * was refused or could not be routed, the host is unknown, the TLS handshake failed, or the
   * client got no connection from its pool in time. Nothing of the request was sent, so nothing can
   * have been applied.
   *
   * <p>The last one is the Netty client's connection-acquire timeout, a {@link TimeoutException}
   * under the SDK's exception (a connect that outlasts the acquire timeout ends the same way). The
   * Netty client writes a request only on a connection it acquired; the SDK's own call and attempt
   * timeouts are {@code ApiCallTimeoutException}s with no such cause, and taskbridge's deadline
   * throws none either, so the type says "not sent" and nothing else.
   */
  static boolean neverConnected(Throwable e) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof UnknownHostException
          || t instanceof SSLHandshakeException
          || t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }
}
