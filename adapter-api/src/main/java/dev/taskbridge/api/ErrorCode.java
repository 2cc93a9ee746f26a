package dev.taskbridge.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the stable error code that {@link FailureConverter} reports for an exception class.
 *
 * <p>Put it on an exception class to decouple the error a Step Functions {@code Catch} or an SWF
 * decider matches from the class name, so that the class can be renamed or moved without breaking
 * state machines:
 *
 * <pre>{@code
 * @ErrorCode("Payment.Declined")
 * final class PaymentDeclinedException extends RuntimeException { ... }
 * }</pre>
 *
 * <p>The annotation is {@link Inherited}: a subclass without its own annotation reports the code of
 * its nearest annotated superclass. A {@link CodedFailure} with a usable code takes precedence. A
 * value that is blank, or longer than {@value TaskFailure#MAX_ERROR_LENGTH} UTF-16 code units once
 * made valid (see {@link FailureConverter}), is ignored and the class name is reported instead.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ErrorCode {

  /**
   * The error code, for example {@code "Payment.Declined"}; matched exactly and case-sensitively by
   * {@code ErrorEquals}.
   */
  String value();
}
