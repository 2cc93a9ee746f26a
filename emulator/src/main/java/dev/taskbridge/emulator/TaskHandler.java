package dev.taskbridge.emulator;

/**
 * Serves a Task state's integration resource (e.g. a Lambda ARN) inside the emulator, in place of
 * the AWS service it names; registered with {@link LocalBackend#registerTaskHandler}.
 */
@FunctionalInterface
public interface TaskHandler {

  /**
   * Returns the task's result as JSON text for the task's effective input (JSON text); throw {@link
   * TaskFailure} to fail the task with an error and cause.
   */
  String handle(String input);
}
