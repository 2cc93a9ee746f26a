package dev.taskbridge.emulator;

import dev.taskbridge.emulator.internal.FaultAction;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One injectable misbehaviour: an error answer, a delay, or a dropped connection.
 *
 * <p>Error faults answer without applying the call. Wire shapes: throttling {@code
 * com.amazon.coral.availability#ThrottlingException} "Rate exceeded" (400); access denied {@code
 * com.amazon.coral.service#AccessDeniedException} (400); SFN KMS errors {@code
 * com.amazonaws.swf.service.v2.model#Kms…} (400); SWF {@code
 * com.amazonaws.swf.base.model#OperationNotPermittedFault} (400); {@code
 * com.amazon.coral.service#InternalFailure} (500); {@code
 * com.amazon.coral.availability#ServiceUnavailableException} (503).
 */
public final class Fault {

  static final String SFN_NS = "com.amazonaws.swf.service.v2.model#";
  static final String SWF_NS = "com.amazonaws.swf.base.model#";

  private final FaultAction.Kind kind;
  private final int status;
  private final String type;
  private final @Nullable String message;
  private final @Nullable String extraKey;
  private final @Nullable String extraValue;
  private final long delayMillis;
  private final String description;

  private Fault(
      FaultAction.Kind kind,
      int status,
      String type,
      @Nullable String message,
      @Nullable String extraKey,
      @Nullable String extraValue,
      long delayMillis,
      String description) {
    this.kind = kind;
    this.status = status;
    this.type = type;
    this.message = message;
    this.extraKey = extraKey;
    this.extraValue = extraValue;
    this.delayMillis = delayMillis;
    this.description = description;
  }

  private static Fault error(int status, String type, @Nullable String message, String desc) {
    return new Fault(FaultAction.Kind.ERROR, status, type, message, null, null, 0, desc);
  }

  /** HTTP 400 {@code ThrottlingException}, "Rate exceeded" (retried by the SDK). */
  public static Fault throttling() {
    return error(
        400, "com.amazon.coral.availability#ThrottlingException", "Rate exceeded", "throttling");
  }

  /** HTTP 400 SFN {@code KmsThrottlingException} (not retried by the SDK). */
  public static Fault kmsThrottling() {
    return error(
        400,
        SFN_NS + "KmsThrottlingException",
        "The request was denied due to request throttling.",
        "kmsThrottling");
  }

  /** HTTP 400 SFN {@code KmsAccessDeniedException}. */
  public static Fault kmsAccessDenied() {
    return error(
        400,
        SFN_NS + "KmsAccessDeniedException",
        "Access to the KMS key was denied.",
        "kmsAccessDenied");
  }

  /**
   * HTTP 400 SFN {@code KmsInvalidStateException} carrying {@code kmsKeyState}.
   *
   * @param keyState one of DISABLED, PENDING_DELETION, PENDING_IMPORT, UNAVAILABLE, CREATING
   */
  public static Fault kmsInvalidState(String keyState) {
    Objects.requireNonNull(keyState, "keyState");
    return new Fault(
        FaultAction.Kind.ERROR,
        400,
        SFN_NS + "KmsInvalidStateException",
        "The KMS key is not in a valid state: " + keyState,
        "kmsKeyState",
        keyState,
        0,
        "kmsInvalidState(" + keyState + ")");
  }

  /**
   * HTTP 400 {@code AccessDeniedException} with the IAM-style message "User: … is not authorized to
   * perform: states:Op on resource: …" (or {@code swf:Op}).
   */
  public static Fault accessDenied() {
    return error(400, "com.amazon.coral.service#AccessDeniedException", null, "accessDenied");
  }

  /** HTTP 400 SWF {@code OperationNotPermittedFault}. */
  public static Fault operationNotPermitted() {
    return error(
        400,
        SWF_NS + "OperationNotPermittedFault",
        "User is not authorized to perform this operation",
        "operationNotPermitted");
  }

  /** HTTP 500 {@code InternalFailure} (retried by the SDK). */
  public static Fault internalFailure() {
    return error(500, "com.amazon.coral.service#InternalFailure", null, "internalFailure");
  }

  /** HTTP 503 {@code ServiceUnavailableException} (retried by the SDK). */
  public static Fault serviceUnavailable() {
    return error(
        503,
        "com.amazon.coral.availability#ServiceUnavailableException",
        "Service unavailable",
        "serviceUnavailable");
  }

  /**
   * Any error answer: the given status, {@code __type} (namespaced or bare) and message; the call
   * is not applied.
   */
  public static Fault error(int httpStatus, String type, String message) {
    if (httpStatus < 400 || httpStatus > 599) {
      throw new IllegalArgumentException("not an error status: " + httpStatus);
    }
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(message, "message");
    return error(httpStatus, type, message, "error(" + httpStatus + ", " + type + ")");
  }

  /**
   * Waits {@code delay} of real time before processing the call normally (the wait does not hold a
   * server thread).
   */
  public static Fault delay(Duration delay) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("negative delay: " + delay);
    }
    return new Fault(
        FaultAction.Kind.DELAY, 0, "", null, null, null, delay.toMillis(), "delay(" + delay + ")");
  }

  /** Closes the connection without applying the call or answering: the client sees an EOF. */
  public static Fault dropBeforeApply() {
    return new Fault(FaultAction.Kind.DROP_BEFORE, 0, "", null, null, null, 0, "dropBeforeApply");
  }

  /**
   * Applies the call, then closes the connection without answering: the call landed but the client
   * sees an I/O error.
   */
  public static Fault dropAfterApply() {
    return new Fault(FaultAction.Kind.DROP_AFTER, 0, "", null, null, null, 0, "dropAfterApply");
  }

  /** The key states {@link #kmsInvalidState(String)} documents. */
  static final Set<String> KMS_KEY_STATES =
      Set.of("DISABLED", "PENDING_DELETION", "PENDING_IMPORT", "UNAVAILABLE", "CREATING");

  /**
   * The fault the control plane names {@code name}: the conformance kit's {@code InjectedFault}
   * names plus {@code DROP_BEFORE_APPLY} and {@code DELAY}.
   *
   * @param keyState only for {@code KMS_INVALID_STATE}; null means DISABLED
   * @param millis required for {@code DELAY} and only for it
   * @throws IllegalArgumentException for an unknown name or a parameter that does not belong
   */
  static Fault named(String name, @Nullable String keyState, @Nullable Long millis) {
    if (keyState != null && !name.equals("KMS_INVALID_STATE")) {
      throw new IllegalArgumentException("'keyState' only applies to KMS_INVALID_STATE");
    }
    if (millis != null && !name.equals("DELAY")) {
      throw new IllegalArgumentException("'millis' only applies to DELAY");
    }
    switch (name) {
      case "THROTTLING":
        return throttling();
      case "KMS_THROTTLING":
        return kmsThrottling();
      case "LIMIT_EXCEEDED":
        return error(400, SWF_NS + "LimitExceededFault", "Limit exceeded");
      case "ACCESS_DENIED":
        return accessDenied();
      case "OPERATION_NOT_PERMITTED":
        return operationNotPermitted();
      case "KMS_ACCESS_DENIED":
        return kmsAccessDenied();
      case "KMS_INVALID_STATE":
        String state = keyState == null ? "DISABLED" : keyState;
        if (!KMS_KEY_STATES.contains(state)) {
          throw new IllegalArgumentException(
              "'keyState' must be one of "
                  + new TreeSet<>(KMS_KEY_STATES)
                  + "; got '"
                  + state
                  + "'");
        }
        return kmsInvalidState(state);
      case "INTERNAL_FAILURE":
        return internalFailure();
      case "SERVICE_UNAVAILABLE":
        return serviceUnavailable();
      case "DROP_AFTER_APPLY":
        return dropAfterApply();
      case "DROP_BEFORE_APPLY":
        return dropBeforeApply();
      case "DELAY":
        if (millis == null) {
          throw new IllegalArgumentException("DELAY needs 'millis'");
        }
        return delay(Duration.ofMillis(millis));
      default:
        throw new IllegalArgumentException(
            "unknown fault '"
                + name
                + "'; expected one of THROTTLING, KMS_THROTTLING, LIMIT_EXCEEDED, ACCESS_DENIED,"
                + " OPERATION_NOT_PERMITTED, KMS_ACCESS_DENIED, KMS_INVALID_STATE,"
                + " INTERNAL_FAILURE, SERVICE_UNAVAILABLE, DROP_AFTER_APPLY, DROP_BEFORE_APPLY,"
                + " DELAY");
    }
  }

  /** A short description, as in {@link #toString()} without the wrapper. */
  String description() {
    return description;
  }

  FaultAction toAction(String target, String accountId, String region) {
    String msg = message;
    if (msg == null) {
      if (type.endsWith("#AccessDeniedException")) {
        int dot = target.lastIndexOf('.');
        String op = target.substring(dot + 1);
        boolean sfn = target.startsWith("AWSStepFunctions.");
        msg =
            "User: arn:aws:sts::"
                + accountId
                + ":assumed-role/emulator/session is not authorized to perform: "
                + (sfn ? "states:" : "swf:")
                + op
                + " on resource: "
                + (sfn
                    ? "arn:aws:states:" + region + ":" + accountId + ":*"
                    : "arn:aws:swf:" + region + ":" + accountId + ":/domain/*");
      } else {
        msg = "Internal failure";
      }
    }
    return new FaultAction(kind, status, type, msg, extraKey, extraValue, delayMillis);
  }

  @Override
  public String toString() {
    return "Fault[" + description + "]";
  }
}
