package dev.taskbridge.api;

import dev.taskbridge.api.internal.Truncation;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Turns a {@link Throwable} into a {@link TaskFailure} that both backends accept as it is: a stable
 * error code and a Lambda-style JSON cause, within the limits, whatever the exception does.
 *
 * <h2>The error</h2>
 *
 * The first usable one of:
 *
 * <ol>
 *   <li>{@link CodedFailure#errorCode()}, if the exception implements {@link CodedFailure};
 *   <li>the {@link ErrorCode} annotation on the exception's class or its nearest annotated
 *       superclass;
 *   <li>the exception's fully qualified class name ({@code Class.getName()}, so nested classes read
 *       {@code pkg.Outer$Inner}): the convention of Lambda's {@code errorType} and Temporal's
 *       failure type.
 * </ol>
 *
 * The message is never used: on Step Functions the error is what {@code ErrorEquals} matches,
 * exactly and case-sensitively. Every candidate has its lone surrogates replaced by U+FFFD and, if
 * it begins with {@code "States."} (reserved for Step Functions' own errors), is prefixed with
 * {@value FieldPolicy#RESERVED_NAME_PREFIX} as {@link FieldPolicy#TRUNCATE} does. An explicit code
 * that is null, blank, or then longer than {@value TaskFailure#MAX_ERROR_LENGTH} is skipped (a cut
 * code would match nothing); a class name that long is cut at a code-point boundary and ends with
 * {@value FieldPolicy#TRUNCATION_MARKER}.
 *
 * <h2>The cause</h2>
 *
 * A JSON object in the shape of a Java Lambda function's error, which {@code
 * States.StringToJson($.Cause)} can parse:
 *
 * <pre>{@code
 * {"errorMessage": "card declined",            // getMessage(), or null
 *  "errorType": "com.example.PaymentException", // class name, same rules as the error
 *  "stackTrace": ["com.example.Pay.charge(Pay.java:42)", ...],
 *  "framesInCommon": 38,                        // on a nested exception, when n > 0
 *  "cause": { same shape },                     // when there is a cause
 *  "suppressed": [ { same shape }, ... ],       // when there are suppressed exceptions
 *  "circularReference": true,                   // on an exception already shown above
 *  "truncated": {"framesDropped": 120, "causesDropped": 3, "messageCut": false}}
 * }</pre>
 *
 * <p>Frames are written like Java Lambda's, {@code pkg.Cls.method(File.java:12)}, without the
 * module prefix of {@link StackTraceElement#toString()}. A nested exception (a cause or a
 * suppressed one) leaves out the trailing frames it has in common with the exception enclosing it,
 * as {@link Throwable#printStackTrace()} does with "... n more": both traces are compared from
 * their last frame while the {@link StackTraceElement}s are equal, and {@code "framesInCommon": n}
 * follows its {@code stackTrace} when n &gt; 0. Its {@code stackTrace} then holds only its own
 * frames, the ones before those n: {@link Builder#maxFramesPerLevel} limits its own frames, and the
 * last n frames of the enclosing exception's full trace are its missing tail (shown there, or
 * counted there as dropped, or in common one level further up). The top exception has no {@code
 * framesInCommon}. {@code "truncated"} appears once, at the top level, only when something was left
 * out: {@code framesDropped} counts frames missing from the exceptions shown (own frames not in
 * their {@code stackTrace}; frames in common are not dropped), {@code causesDropped} counts nested
 * exceptions (causes and suppressed) not shown, and {@code messageCut} says whether any message
 * shown was cut (and then ends with {@value FieldPolicy#TRUNCATION_MARKER}). Of the exceptions
 * beyond {@link Builder#maxCauseDepth} levels or the first 512, at most 100 are counted: when more
 * are left, {@code "causesDroppedAtLeast": true} follows {@code causesDropped} and says it is a
 * lower bound (a 10,000-deep chain under the defaults reads {@code "causesDropped": 100,
 * "causesDroppedAtLeast": true}); otherwise it is absent. An exception reached a second time (a
 * cycle such as a → b → a, self-suppression, a shared cause) is shown once more as a stub with its
 * type and message, no frames, and {@code "circularReference": true}.
 *
 * <h2>Shortening</h2>
 *
 * First the configured bounds apply: {@link Builder#maxFramesPerLevel}, {@link
 * Builder#maxCauseDepth}, {@link Builder#maxMessageLength}, {@link Builder#includeSuppressed}, and
 * at most 512 exceptions and 1024 characters per frame. If the document is still longer than
 * {@value TaskFailure#MAX_CAUSE_LENGTH} UTF-16 code units, it is shortened by structure,
 * re-rendered and measured after every step, in this order: fewer frames per level; then suppressed
 * exceptions and the deepest nested levels are dropped (frames are then given back to the levels
 * that remain as far as they fit); then, only if the top exception alone with no frame does not
 * fit, messages are cut at a code-point boundary. The result is always one complete JSON document
 * within the limit.
 *
 * <h2>Totality</h2>
 *
 * {@link #convert} never throws. Every call into the exception ({@code getMessage}, {@code
 * getStackTrace}, {@code getCause}, {@code getSuppressed}, {@code errorCode}, reading the
 * annotation) is guarded: a {@code getMessage()} that throws shows as {@code "[getMessage() threw
 * <class name>]"}, the others as absent. {@code toString()}, {@code equals} and {@code hashCode} of
 * the exception are never called, and the JSON is written with Jackson's streaming generator, so no
 * user serializer runs. Should conversion still fail (say an {@link OutOfMemoryError}), the cause
 * is {@code {"errorMessage":null,"errorType":<class
 * name>,"stackTrace":[],"conversionFailed":true}}. The error is never null: a null argument (from
 * code not checked for nullness) yields the {@link Builder#fallbackErrorCode} and no cause.
 *
 * <p>Instances are immutable and thread-safe; {@link #defaults()} is shared.
 */
public final class FailureConverter {

  private static final FailureConverter DEFAULTS = builder().build();

  private final int maxFramesPerLevel;
  private final int maxCauseDepth;
  private final int maxMessageLength;
  private final boolean includeSuppressed;
  private final String fallbackErrorCode;

  private FailureConverter(Builder b) {
    this.maxFramesPerLevel = b.maxFramesPerLevel;
    this.maxCauseDepth = b.maxCauseDepth;
    this.maxMessageLength = b.maxMessageLength;
    this.includeSuppressed = b.includeSuppressed;
    this.fallbackErrorCode = b.fallbackErrorCode;
  }

  /**
   * The converter behind {@link TaskFailure#from(Throwable)}: 50 frames per level, 20 nested
   * levels, messages up to 8192 UTF-16 code units, suppressed exceptions included, fallback code
   * {@code "taskbridge.UnknownFailure"}.
   */
  public static FailureConverter defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the {@linkplain #defaults() defaults}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The failure for {@code throwable}: never throws, never has a null error, and already satisfies
   * every {@link FieldPolicy} rule (length limits, no lone surrogate, no {@code States.} prefix),
   * so no reporter policy alters it. A null {@code throwable} gives the fallback error code and no
   * cause.
   */
  public TaskFailure convert(@Nullable Throwable throwable) {
    if (throwable == null) {
      return new TaskFailure(fallbackErrorCode, null);
    }
    String type = Guarded.typeName(throwable);
    String error;
    try {
      String explicit = Guarded.explicitCode(throwable);
      error = explicit != null ? explicit : type;
    } catch (Throwable e) {
      Guarded.restoreInterrupt(e);
      error = type;
    }
    String cause;
    try {
      ExceptionSnapshot.Snapshot top =
          ExceptionSnapshot.take(
              throwable, maxFramesPerLevel, maxCauseDepth, maxMessageLength, includeSuppressed);
      cause =
          CauseWriter.write(
              top,
              new CauseWriter.Limits(
                  maxFramesPerLevel, maxCauseDepth, includeSuppressed, maxMessageLength),
              TaskFailure.MAX_CAUSE_LENGTH);
    } catch (Throwable e) {
      Guarded.restoreInterrupt(e);
      cause = null;
    }
    if (cause == null) {
      cause = CauseWriter.minimal(type);
    }
    return new TaskFailure(error, cause);
  }

  /** The settings, for logs; never any failure content. */
  @Override
  public String toString() {
    return "FailureConverter[maxFramesPerLevel="
        + maxFramesPerLevel
        + ", maxCauseDepth="
        + maxCauseDepth
        + ", maxMessageLength="
        + maxMessageLength
        + ", includeSuppressed="
        + includeSuppressed
        + ", fallbackErrorCode="
        + fallbackErrorCode
        + "]";
  }

  /**
   * Settings for a {@link FailureConverter}; each setter checks its argument at once. Not
   * thread-safe; the converter it builds is.
   */
  public static final class Builder {
    private int maxFramesPerLevel = 50;
    private int maxCauseDepth = 20;
    private int maxMessageLength = 8192;
    private boolean includeSuppressed = true;
    private String fallbackErrorCode = "taskbridge.UnknownFailure";

    private Builder() {}

    /**
     * How many frames of each exception's stack trace are kept at most, 0 to 1024 (default 50);
     * fewer are kept when the cause would not fit otherwise. For a nested exception this limits its
     * own frames, those before the ones in common with the exception enclosing it.
     *
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxFramesPerLevel(int frames) {
      this.maxFramesPerLevel = checkRange("maxFramesPerLevel", frames, 0, 1024);
      return this;
    }

    /**
     * How many levels of nested exceptions (causes and suppressed) below the converted one are
     * shown at most, 0 to 100 (default 20); fewer are shown when the cause would not fit otherwise.
     *
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxCauseDepth(int depth) {
      this.maxCauseDepth = checkRange("maxCauseDepth", depth, 0, 100);
      return this;
    }

    /**
     * How many UTF-16 code units of each message are kept at most, 64 to {@value
     * TaskFailure#MAX_CAUSE_LENGTH} (default 8192), so that one huge message does not push every
     * frame and cause out; a longer message is cut at a code-point boundary and ends with {@value
     * FieldPolicy#TRUNCATION_MARKER}.
     *
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxMessageLength(int length) {
      this.maxMessageLength =
          checkRange("maxMessageLength", length, 64, TaskFailure.MAX_CAUSE_LENGTH);
      return this;
    }

    /** Whether suppressed exceptions are shown (default true). */
    public Builder includeSuppressed(boolean include) {
      this.includeSuppressed = include;
      return this;
    }

    /**
     * The error reported for a null throwable (default {@code "taskbridge.UnknownFailure"}); every
     * non-null throwable has at least its class name.
     *
     * @throws IllegalArgumentException if blank, longer than {@value TaskFailure#MAX_ERROR_LENGTH},
     *     beginning with {@code "States."}, or holding a lone surrogate
     */
    public Builder fallbackErrorCode(String code) {
      Objects.requireNonNull(code, "code");
      if (code.isBlank()
          || code.length() > TaskFailure.MAX_ERROR_LENGTH
          || code.startsWith(Guarded.RESERVED_PREFIX)
          || Truncation.firstLoneSurrogate(code) >= 0) {
        throw new IllegalArgumentException(
            "fallbackErrorCode must be a non-blank error name of at most "
                + TaskFailure.MAX_ERROR_LENGTH
                + " UTF-16 code units, not beginning with \"States.\" and without lone"
                + " surrogates");
      }
      this.fallbackErrorCode = code;
      return this;
    }

    /** The converter with these settings. */
    public FailureConverter build() {
      return new FailureConverter(this);
    }

    private static int checkRange(String name, int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(
            name + " must be between " + min + " and " + max + ", was " + value);
      }
      return value;
    }
  }
}
