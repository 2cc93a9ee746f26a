package dev.taskbridge.cli;

/**
 * Arguments that parse but do not make sense together. Ends as exit code {@value ExitCodes#USAGE}
 * with the message and a usage line; the message never holds a task token, error or cause.
 */
final class UsageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
