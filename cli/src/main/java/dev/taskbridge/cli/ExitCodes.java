package dev.taskbridge.cli;

import dev.taskbridge.api.ReportOutcome;

/** The exit codes of the {@code taskbridge} command; the README and each --help list them. */
final class ExitCodes {

  /** Success: the report was accepted, the conformance run had no failure, help was printed. */
  static final int OK = 0;

  /** {@code conformance}: at least one rule failed (skips are not failures). */
  static final int CONFORMANCE_FAILED = 1;

  /** Bad or missing arguments. */
  static final int USAGE = 2;

  /** {@code report}: the token or failure breaks a field rule; nothing was sent. */
  static final int INVALID_INPUT = 3;

  /** The command could not run: cannot listen, cannot write a report, unexpected error. */
  static final int COULD_NOT_RUN = 4;

  private ExitCodes() {}

  /** {@code report}: the backend refused the report; one code per common outcome, 10 to 16. */
  static int of(ReportOutcome outcome) {
    return switch (outcome) {
      case TASK_GONE -> 10;
      case INVALID_TOKEN -> 11;
      case NOT_PERMITTED -> 12;
      case ENCRYPTION_KEY_UNUSABLE -> 13;
      case REJECTED -> 14;
      case THROTTLED -> 15;
      case UNAVAILABLE -> 16;
    };
  }
}
