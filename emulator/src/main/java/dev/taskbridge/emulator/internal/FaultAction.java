package dev.taskbridge.emulator.internal;

import org.jspecify.annotations.Nullable;

/** What the front end does with one request that an injected fault matched. */
public final class FaultAction {

  /** The kinds of injected behaviour. */
  public enum Kind {
    /** Answer with an error without applying the call. */
    ERROR,
    /** Wait, then process the call normally. */
    DELAY,
    /** Close the connection without applying the call or answering. */
    DROP_BEFORE,
    /** Apply the call, then close the connection without answering. */
    DROP_AFTER
  }

  final Kind kind;
  final int status;
  final String type;
  final String message;
  final @Nullable String extraKey;
  final @Nullable String extraValue;
  final long delayMillis;

  /** Creates an action; see the fields of {@link Kind}. */
  public FaultAction(
      Kind kind,
      int status,
      String type,
      String message,
      @Nullable String extraKey,
      @Nullable String extraValue,
      long delayMillis) {
    this.kind = kind;
    this.status = status;
    this.type = type;
    this.message = message;
    this.extraKey = extraKey;
    this.extraValue = extraValue;
    this.delayMillis = delayMillis;
  }
}
