package dev.taskbridge.api.internal;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.TaskCall;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskSource;
import dev.taskbridge.api.TaskToken;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The final values of one call, after the field rules: what a binding puts on the wire, and what a
 * refusal carries so that nothing is lost.
 *
 * @param call the call
 * @param backend the backend it goes to
 * @param token the task's token; null only for a poll
 * @param source where a poll polls; null for every other call
 * @param identity the worker's identity to send with a poll, or null for none
 * @param failure the failure to send: the report's, or on Step Functions the cancellation's; empty
 *     for the other calls
 * @param payload the result (succeed) or the details (heartbeat, cancel) as checked; null when
 *     absent and for poll and report
 */
public record Delivery(
    TaskCall call,
    Backend backend,
    @Nullable TaskToken token,
    @Nullable TaskSource source,
    @Nullable String identity,
    TaskFailure failure,
    @Nullable String payload) {

  private static final TaskFailure NONE = TaskFailure.of(null, null);

  /** Checks the parts every call has. */
  public Delivery {
    Objects.requireNonNull(call, "call");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(failure, "failure");
  }

  /** A poll of {@code source}. */
  public static Delivery poll(TaskSource source, @Nullable String identity) {
    return new Delivery(TaskCall.POLL, source.backend(), null, source, identity, NONE, null);
  }

  /** A call on the task of {@code token} that sends {@code payload} (and no failure). */
  public static Delivery onTask(
      TaskCall call, Backend backend, TaskToken token, @Nullable String payload) {
    return new Delivery(call, backend, token, null, null, NONE, payload);
  }

  /** A call on the task of {@code token} that sends {@code failure}. */
  public static Delivery failing(
      TaskCall call,
      Backend backend,
      TaskToken token,
      TaskFailure failure,
      @Nullable String payload) {
    return new Delivery(call, backend, token, null, null, failure, payload);
  }

  /** The token's value; only for calls on a task. */
  public String tokenValue() {
    TaskToken t = token;
    if (t == null) {
      throw new IllegalStateException(call + " has no task token");
    }
    return t.value();
  }

  /** The source; only for a poll. */
  public TaskSource pollSource() {
    TaskSource s = source;
    if (s == null) {
      throw new IllegalStateException(call + " has no source");
    }
    return s;
  }

  /** This delivery with another failure, e.g. the KMS fallback's empty one. */
  public Delivery withFailure(TaskFailure other) {
    return new Delivery(call, backend, token, source, identity, other, payload);
  }

  /** The values that must never show in a message or a log: token, failure, payload. */
  public java.util.List<String> secrets() {
    java.util.List<String> out = new java.util.ArrayList<>(4);
    if (token != null) {
      out.add(token.value());
    }
    addIfPresent(out, failure.error());
    addIfPresent(out, failure.cause());
    addIfPresent(out, payload);
    return out;
  }

  private static void addIfPresent(java.util.List<String> out, @Nullable String s) {
    if (s != null) {
      out.add(s);
    }
  }

  /** Lengths only: never a secret. */
  @Override
  public String toString() {
    return "Delivery["
        + call
        + " to "
        + backend
        + (token == null ? "" : ", " + token)
        + (source == null ? "" : ", " + source)
        + ", "
        + failure
        + ", payloadLength="
        + (payload == null ? "null" : String.valueOf(payload.length()))
        + "]";
  }
}
