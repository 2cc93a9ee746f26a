package dev.taskbridge.api.internal;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.FieldPolicy;
import dev.taskbridge.api.InvalidTaskFieldException;
import dev.taskbridge.api.TaskCall;
import dev.taskbridge.api.TaskClient;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskSource;
import dev.taskbridge.api.TaskToken;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The field rules of every {@link TaskClient} call, applied once, the same way, by both bindings:
 * each method checks one call's values and returns the {@link Delivery} to send, before any network
 * call.
 *
 * <table>
 *   <caption>Limits, checked on the final values</caption>
 *   <tr><th>field</th><th>SWF</th><th>Step Functions</th><th>over the limit</th></tr>
 *   <tr><td>token</td><td>1024</td><td>2048</td><td>always refused</td></tr>
 *   <tr><td>identity</td><td>256, sent as {@code identity}</td>
 *       <td>256, sent as {@code workerName} (1-80, mapped by the binding)</td>
 *       <td>cut or refused, by the policy</td></tr>
 *   <tr><td>heartbeat details</td><td>2048</td><td>2048, checked and not sent</td>
 *       <td>cut or refused, by the policy</td></tr>
 *   <tr><td>cancel details</td><td>32768 ({@code details})</td><td>32768 ({@code cause})</td>
 *       <td>cut or refused, by the policy</td></tr>
 *   <tr><td>result</td><td>32768 UTF-16 code units, free text ({@code result})</td>
 *       <td>262144 UTF-8 bytes, valid JSON ({@code output})</td><td>always refused</td></tr>
 * </table>
 *
 * <p>{@code null} and {@code ""} mean "none" for every optional value on both backends: no {@code
 * identity} or {@code workerName}, no {@code details}, no SWF {@code result}. Step Functions
 * requires an {@code output}, so there "no result" is sent as the JSON {@code null}, as a Lambda
 * function that returns nothing does. A lone surrogate is replaced by U+FFFD under {@link
 * FieldPolicy#TRUNCATE} and refused under {@link FieldPolicy#REJECT}, in every field.
 */
public final class CallRules {

  /** The longest identity either backend takes (SWF's {@code identity}), in UTF-16 code units. */
  public static final int MAX_IDENTITY_LENGTH = 256;

  /** The longest heartbeat details (SWF's {@code LimitedData}), in UTF-16 code units. */
  public static final int MAX_HEARTBEAT_DETAILS_LENGTH = 2048;

  /** The longest SWF {@code result}, in UTF-16 code units (the model's {@code Data}). */
  public static final int MAX_SWF_RESULT_LENGTH = 32768;

  /**
   * The longest Step Functions {@code output}, in UTF-8 bytes (the model's {@code SensitiveData}).
   */
  public static final int MAX_SFN_OUTPUT_BYTES = 262144;

  /** What Step Functions is sent for "no result": the JSON {@code null}. */
  public static final String NO_OUTPUT = "null";

  private CallRules() {}

  /** A poll of {@code source} by {@code identity}. */
  public static Delivery poll(
      Backend backend, TaskSource source, @Nullable String identity, FieldPolicy policy) {
    Objects.requireNonNull(source, "source");
    if (source.backend() != backend) {
      throw new InvalidTaskFieldException(
          "source",
          "is a "
              + source.backend()
              + " source but this client talks to "
              + backend
              + "; use a "
              + backend
              + " TaskSource");
    }
    String id =
        FieldRules.prepareText(
            emptyToNull(identity), "identity", MAX_IDENTITY_LENGTH, policy, FieldRules.TASK_CALL);
    return Delivery.poll(source, id);
  }

  /** Closing the task of {@code token} as succeeded with {@code result}. */
  public static Delivery succeed(
      Backend backend, TaskToken token, @Nullable String result, FieldPolicy policy) {
    checkToken(backend, token);
    String value = emptyToNull(result);
    if (backend == Backend.SWF) {
      if (value != null) {
        value = FieldRules.repairSurrogates(value, "result", policy, FieldRules.TASK_CALL);
        if (value.length() > MAX_SWF_RESULT_LENGTH) {
          throw new InvalidTaskFieldException(
              "result",
              "must be at most "
                  + MAX_SWF_RESULT_LENGTH
                  + " UTF-16 code units, was "
                  + value.length()
                  + "; a result is never cut");
        }
      }
      return Delivery.onTask(TaskCall.SUCCEED, backend, token, value);
    }
    value = value == null ? NO_OUTPUT : value;
    // One pass for the common output: valid JSON without a lone surrogate. Any other is checked
    // again rule by rule, in their order: surrogates, then size, then JSON.
    long bytes = JsonSyntax.utf8LengthIfClean(value);
    boolean clean = bytes >= 0;
    if (!clean) {
      value = FieldRules.repairSurrogates(value, "output", policy, FieldRules.TASK_CALL);
      bytes = utf8Length(value);
    }
    if (bytes > MAX_SFN_OUTPUT_BYTES) {
      throw new InvalidTaskFieldException(
          "output",
          "must be at most "
              + MAX_SFN_OUTPUT_BYTES
              + " UTF-8 bytes, was "
              + bytes
              + "; an output is never cut (cut JSON is not JSON)");
    }
    String notJson = clean ? null : JsonSyntax.problem(value);
    if (notJson != null) {
      throw new InvalidTaskFieldException(
          "output", "must be one valid JSON value (Step Functions: InvalidOutput); " + notJson);
    }
    return Delivery.onTask(TaskCall.SUCCEED, backend, token, value);
  }

  /**
   * A heartbeat for the task of {@code token}. The details are checked on both backends, so a
   * worker behaves the same on either; Step Functions' binding does not send them.
   */
  public static Delivery heartbeat(
      Backend backend, TaskToken token, @Nullable String details, FieldPolicy policy) {
    checkToken(backend, token);
    String d = details(details, MAX_HEARTBEAT_DETAILS_LENGTH, policy);
    return Delivery.onTask(TaskCall.HEARTBEAT, backend, token, d);
  }

  /**
   * The answer to a cancellation request. On Step Functions it is a failure with {@link
   * TaskClient#CANCELED_ERROR} and the details as cause.
   */
  public static Delivery cancel(
      Backend backend, TaskToken token, @Nullable String details, FieldPolicy policy) {
    checkToken(backend, token);
    String d = details(details, TaskFailure.MAX_CAUSE_LENGTH, policy);
    if (backend == Backend.SWF) {
      return Delivery.onTask(TaskCall.CANCEL, backend, token, d);
    }
    return Delivery.failing(
        TaskCall.CANCEL, backend, token, TaskFailure.of(TaskClient.CANCELED_ERROR, d), d);
  }

  /** A failure report: {@link FieldRules#prepare}, as a delivery. */
  public static Delivery report(
      Backend backend, TaskToken token, TaskFailure failure, FieldPolicy policy) {
    return Delivery.failing(
        TaskCall.REPORT, backend, token, FieldRules.prepare(backend, token, failure, policy), null);
  }

  private static void checkToken(Backend backend, TaskToken token) {
    Objects.requireNonNull(token, "token");
    FieldRules.checkToken(backend, token, FieldRules.TASK_CALL);
  }

  /** The details of a heartbeat or a cancellation, cut or refused at {@code max} by the policy. */
  private static @Nullable String details(@Nullable String details, int max, FieldPolicy policy) {
    return FieldRules.prepareText(
        emptyToNull(details), "details", max, policy, FieldRules.TASK_CALL);
  }

  private static @Nullable String emptyToNull(@Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** The number of bytes {@code s} takes in UTF-8; a lone surrogate counts as its 3-byte `?`. */
  static long utf8Length(String s) {
    long n = 0;
    int i = 0;
    while (i < s.length()) {
      int bytes = utf8Width(s, i);
      n += bytes;
      i += bytes == 4 ? 2 : 1;
    }
    return n;
  }

  /**
   * The UTF-8 bytes of the character at {@code i} of {@code s}: 4 for a surrogate pair that starts
   * there (both its halves), 3 for a lone surrogate.
   */
  static int utf8Width(String s, int i) {
    char c = s.charAt(i);
    if (c < 0x80) {
      return 1;
    }
    if (c < 0x800) {
      return 2;
    }
    if (Character.isHighSurrogate(c)
        && i + 1 < s.length()
        && Character.isLowSurrogate(s.charAt(i + 1))) {
      return 4;
    }
    return 3;
  }
}
