package dev.taskbridge.api;

import org.jspecify.annotations.Nullable;

/**
 * Implemented by an exception that knows its stable error code at run time, for {@link
 * FailureConverter}.
 *
 * <p>Use it when the code depends on the instance (one exception class for several provider error
 * codes, say); use {@link ErrorCode} when the code is fixed per class. When both are present, a
 * usable code from this interface wins.
 *
 * <p>The converter treats the call as untrusted: if {@link #errorCode()} throws, returns null, a
 * blank string, or a value longer than {@value TaskFailure#MAX_ERROR_LENGTH} UTF-16 code units once
 * made valid, it is ignored and the converter falls back to {@link ErrorCode}, then to the class
 * name.
 */
public interface CodedFailure {

  /**
   * The stable error code of this failure, for example {@code "Payment.Declined"}, or null for "no
   * explicit code". Never the message: the code is what {@code ErrorEquals} matches.
   */
  @Nullable String errorCode();
}
