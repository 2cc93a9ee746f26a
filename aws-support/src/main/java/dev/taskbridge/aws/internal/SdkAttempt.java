package dev.taskbridge.aws.internal;

import org.jspecify.annotations.Nullable;

/**
 * What one SDK attempt (one HTTP request) got, as {@link AttemptRecorder} saw it on the wire.
 *
 * @param answered whether an HTTP response arrived
 * @param status its HTTP status, or 0 without a response
 * @param code its wire error code (the {@code X-Amzn-ErrorType} header or the body's {@code
 *     __type}, without namespace), or null when it had none or there was no response
 * @param requestId its {@code x-amzn-RequestId}, when there was one
 */
record SdkAttempt(boolean answered, int status, @Nullable String code, @Nullable String requestId) {

  /** An attempt that got no response (yet). */
  static final SdkAttempt NO_ANSWER = new SdkAttempt(false, 0, null, null);

  /**
   * Whether the backend may have applied the request: it got no answer, or a 5xx. An answered 4xx
   * (throttling included) was not applied.
   */
  boolean mayHaveLanded() {
    return !answered || status >= 500;
  }
}
