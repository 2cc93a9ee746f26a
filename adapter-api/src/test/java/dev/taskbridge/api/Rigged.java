package dev.taskbridge.api;

import org.jspecify.annotations.Nullable;

/**
 * A test exception whose every overridable accessor can be made to misbehave: throw, return null,
 * return itself. {@code equals}, {@code hashCode} and {@code toString} always throw, to prove the
 * converter never calls them.
 */
class Rigged extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What {@link #getStackTrace()} does. */
  enum Trace {
    REAL,
    THROWS,
    NULL,
    CUSTOM
  }

  @Nullable String message;
  boolean messageThrows;
  @Nullable Throwable messageThrowable;
  @Nullable Throwable cause;
  boolean causeIsSelf;
  boolean causeThrows;
  Trace trace = Trace.REAL;
  StackTraceElement @Nullable [] customTrace;

  Rigged(@Nullable String message) {
    super(message, null, true, true);
    this.message = message;
  }

  Rigged withCause(@Nullable Throwable cause) {
    this.cause = cause;
    return this;
  }

  @Override
  public @Nullable String getMessage() {
    if (messageThrows) {
      Throwable e = messageThrowable;
      throw Rigged.<RuntimeException>sneaky(
          e != null ? e : new IllegalStateException("getMessage failed"));
    }
    return message;
  }

  @Override
  public String getLocalizedMessage() {
    throw new IllegalStateException("getLocalizedMessage must not be called");
  }

  @Override
  public synchronized @Nullable Throwable getCause() {
    if (causeThrows) {
      throw new IllegalStateException("getCause failed");
    }
    return causeIsSelf ? this : cause;
  }

  @Override
  public StackTraceElement[] getStackTrace() {
    return switch (trace) {
      case REAL -> super.getStackTrace();
      case THROWS -> throw new IllegalStateException("getStackTrace failed");
      case NULL -> nullTrace();
      case CUSTOM -> customTrace();
    };
  }

  @SuppressWarnings("NullAway") // deliberately breaks the contract
  private static StackTraceElement[] nullTrace() {
    return null;
  }

  @SuppressWarnings("NullAway")
  private StackTraceElement[] customTrace() {
    return customTrace;
  }

  @Override
  public String toString() {
    throw new IllegalStateException("toString must not be called");
  }

  @Override
  public boolean equals(@Nullable Object o) {
    throw new IllegalStateException("equals must not be called");
  }

  @Override
  public int hashCode() {
    throw new IllegalStateException("hashCode must not be called");
  }

  /** Throws {@code t} without declaring it, as Lombok's {@code @SneakyThrows} does. */
  @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
  static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
    throw (T) t;
  }
}
