package com.example.routing;

import com.google.inject.Inject;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskFailureReporter;
import dev.taskbridge.api.TaskGoneException;
import dev.taskbridge.api.TaskToken;

/** What every worker of the application does with an exception, on either backend. */
public final class FailureHandler {

  private final TaskFailureReporter reporter;

  /** Gets the routing reporter from the injector. */
  @Inject
  public FailureHandler(TaskFailureReporter reporter) {
    this.reporter = reporter;
  }

  /**
   * Fails the task {@code token} names with {@code e}.
   *
   * @return false when the task had already closed or timed out
   */
  public boolean fail(TaskToken token, Throwable e) {
    try {
      reporter.report(token, TaskFailure.from(e));
      return true;
    } catch (TaskGoneException gone) {
      return false;
    }
  }
}
