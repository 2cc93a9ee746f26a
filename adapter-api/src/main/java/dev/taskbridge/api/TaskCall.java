package dev.taskbridge.api;

/**
 * Which call of an activity task's life a {@link TaskReportException} is about: one value per
 * method of {@link TaskClient}.
 */
public enum TaskCall {
  /**
   * {@link TaskClient#poll}: SWF {@code PollForActivityTask}, Step Functions {@code
   * GetActivityTask}.
   */
  POLL("poll"),
  /**
   * {@link TaskClient#succeed}: SWF {@code RespondActivityTaskCompleted}, Step Functions {@code
   * SendTaskSuccess}.
   */
  SUCCEED("success"),
  /**
   * {@link TaskClient#heartbeat}: SWF {@code RecordActivityTaskHeartbeat}, Step Functions {@code
   * SendTaskHeartbeat}.
   */
  HEARTBEAT("heartbeat"),
  /**
   * {@link TaskClient#cancel}: SWF {@code RespondActivityTaskCanceled}, Step Functions {@code
   * SendTaskFailure} with {@link TaskClient#CANCELED_ERROR}.
   */
  CANCEL("cancellation"),
  /**
   * {@link TaskFailureReporter#report}: SWF {@code RespondActivityTaskFailed}, Step Functions
   * {@code SendTaskFailure}.
   */
  REPORT("failure report");

  private final String noun;

  TaskCall(String noun) {
    this.noun = noun;
  }

  /** What the call sends, in words, for messages: {@code "failure report"}, {@code "heartbeat"}. */
  public String noun() {
    return noun;
  }
}
