package dev.taskbridge.api;

import org.jspecify.annotations.Nullable;

/**
 * What went wrong, in the words both backends share: a short, stable {@code error} code and a long
 * {@code cause}.
 *
 * <p>On Step Functions they are sent as {@code SendTaskFailure}'s {@code error} and {@code cause};
 * on SWF as {@code RespondActivityTaskFailed}'s {@code reason} and {@code details}. On Step
 * Functions the error is what a state machine's {@code Retry} and {@code Catch} match with {@code
 * ErrorEquals}, exactly and case-sensitively: make it a stable code (an exception class name, say),
 * never a message.
 *
 * <p>Both are nullable, and null means "not sent": the field is left out of the request. A failure
 * with neither is the documented way to fail a Step Functions task encrypted with a customer
 * managed KMS key without KMS permissions. <strong>An empty string is normalised to null</strong>,
 * on purpose: "" and absent mean the same to a decider or a state machine, and only null keeps the
 * KMS exemption, so both backends get the same, predictable request.
 *
 * <p>Any length is accepted here; the limits ({@value #MAX_ERROR_LENGTH} and {@value
 * #MAX_CAUSE_LENGTH} UTF-16 code units) are applied by the reporter to the final values it sends,
 * under its {@link FieldPolicy}. {@link #toString()} never shows either value (Step Functions marks
 * both sensitive; they may hold personal data).
 *
 * @param error the stable error code, or null
 * @param cause the human-readable explanation, or null
 */
public record TaskFailure(@Nullable String error, @Nullable String cause) {

  /** The longest {@code error} (SWF {@code reason}) both services accept, in UTF-16 code units. */
  public static final int MAX_ERROR_LENGTH = 256;

  /** The longest {@code cause} (SWF {@code details}) both services accept, in UTF-16 code units. */
  public static final int MAX_CAUSE_LENGTH = 32768;

  /** Normalises {@code ""} to null in both fields. */
  public TaskFailure {
    error = emptyToNull(error);
    cause = emptyToNull(cause);
  }

  /** A failure with the given error and cause; {@code ""} becomes null. */
  public static TaskFailure of(@Nullable String error, @Nullable String cause) {
    return new TaskFailure(error, cause);
  }

  /**
   * The failure for {@code throwable}, converted by {@link FailureConverter#defaults()}: its stable
   * error code (explicit, else its class name) and a Lambda-style JSON cause, within both limits.
   * Never throws; a null {@code throwable} gives the fallback error code and no cause.
   */
  public static TaskFailure from(@Nullable Throwable throwable) {
    return FailureConverter.defaults().convert(throwable);
  }

  private static @Nullable String emptyToNull(@Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** {@code TaskFailure[error=<12 chars>, cause=<absent>]}; never the values themselves. */
  @Override
  public String toString() {
    return "TaskFailure[error=" + describe(error) + ", cause=" + describe(cause) + "]";
  }

  private static String describe(@Nullable String s) {
    return s == null ? "<absent>" : "<" + s.length() + " chars>";
  }
}
