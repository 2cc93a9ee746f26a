package dev.taskbridge.api.internal;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.FieldPolicy;
import dev.taskbridge.api.InvalidTaskFailureException;
import dev.taskbridge.api.InvalidTaskFieldException;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskToken;
import org.jspecify.annotations.Nullable;

/**
 * The field rules of {@link FieldPolicy}, applied once, the same way, by both bindings.
 *
 * <p>Order matters and is fixed: lone surrogates, then the reserved {@code States.} prefix, then
 * the length limits, so the limits hold on the values actually sent.
 */
public final class FieldRules {

  private static final String RESERVED_PREFIX = "States.";

  /** Which exception a broken rule throws: the report's or the other calls'. */
  @FunctionalInterface
  interface Rejection {
    IllegalArgumentException reject(String field, String message);
  }

  static final Rejection REPORT = InvalidTaskFailureException::new;
  static final Rejection TASK_CALL = InvalidTaskFieldException::new;

  private FieldRules() {}

  /**
   * Checks the token against {@code backend} and returns the failure to send.
   *
   * @throws InvalidTaskFailureException if a rule is broken and cannot or may not be repaired
   */
  @SuppressWarnings("ReferenceEquality") // intended: see below
  public static TaskFailure prepare(
      Backend backend, TaskToken token, TaskFailure failure, FieldPolicy policy) {
    checkToken(backend, token);
    String error = failure.error();
    String cause = failure.cause();
    String newError = prepareError(backend, error, policy);
    String newCause =
        prepareText(cause, causeField(backend), TaskFailure.MAX_CAUSE_LENGTH, policy, REPORT);
    // Identity, not equals: unchanged fields keep the caller's object and cost no allocation.
    return newError == error && newCause == cause ? failure : TaskFailure.of(newError, newCause);
  }

  /** Rejects a token that {@code backend} would refuse whatever the policy. */
  public static void checkToken(Backend backend, TaskToken token) {
    checkToken(backend, token, REPORT);
  }

  static void checkToken(Backend backend, TaskToken token, Rejection rejection) {
    Backend issuer = token.issuer().orElse(backend);
    if (issuer != backend) {
      throw rejection.reject(
          "taskToken",
          "was issued by "
              + issuer
              + " but this reporter talks to "
              + backend
              + "; route it with TaskFailureReporters.routing");
    }
    int length = token.value().length();
    if (length > backend.maxTokenLength()) {
      throw rejection.reject(
          "taskToken",
          "must be at most "
              + backend.maxTokenLength()
              + " characters for "
              + backend
              + ", was "
              + length);
    }
  }

  /** The wire name of the error field: {@code error} on Step Functions, {@code reason} on SWF. */
  public static String errorField(Backend backend) {
    return backend == Backend.SWF ? "reason" : "error";
  }

  /** The wire name of the cause field: {@code cause} on Step Functions, {@code details} on SWF. */
  public static String causeField(Backend backend) {
    return backend == Backend.SWF ? "details" : "cause";
  }

  private static @Nullable String prepareError(
      Backend backend, @Nullable String error, FieldPolicy policy) {
    if (error == null) {
      return null;
    }
    String field = errorField(backend);
    String value = repairSurrogates(error, field, policy, REPORT);
    if (value.startsWith(RESERVED_PREFIX)) {
      if (policy == FieldPolicy.REJECT) {
        throw new InvalidTaskFailureException(
            field,
            "must not begin with \"States.\": that prefix is reserved for Step Functions' own"
                + " errors");
      }
      value = FieldPolicy.RESERVED_NAME_PREFIX + value;
    }
    return limit(value, field, TaskFailure.MAX_ERROR_LENGTH, policy, REPORT);
  }

  static @Nullable String prepareText(
      @Nullable String text, String field, int max, FieldPolicy policy, Rejection rejection) {
    if (text == null) {
      return null;
    }
    return limit(repairSurrogates(text, field, policy, rejection), field, max, policy, rejection);
  }

  private static String limit(
      String value, String field, int max, FieldPolicy policy, Rejection rejection) {
    if (value.length() <= max) {
      return value;
    }
    if (policy == FieldPolicy.REJECT) {
      throw rejection.reject(
          field, "must be at most " + max + " UTF-16 code units, was " + value.length());
    }
    return Truncation.truncate(value, max, FieldPolicy.TRUNCATION_MARKER);
  }

  /** Returns {@code s} itself when it has no lone surrogate. */
  static String repairSurrogates(String s, String field, FieldPolicy policy, Rejection rejection) {
    int bad = Truncation.firstLoneSurrogate(s);
    if (bad < 0) {
      return s;
    }
    if (policy == FieldPolicy.REJECT) {
      throw rejection.reject(field, "must not contain a lone surrogate; found one at index " + bad);
    }
    return Truncation.replaceLoneSurrogates(s);
  }
}
