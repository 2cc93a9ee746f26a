package dev.taskbridge.emulator;

/**
 * A callback task ({@code .waitForTaskToken}) waiting for its token to come back: what the
 * integrated service would have received. Report with {@code SendTaskSuccess}, {@code
 * SendTaskFailure} or {@code SendTaskHeartbeat} on {@link #taskToken()}. {@code toString()} omits
 * the token and the parameters.
 */
public final class PendingCallback {
  private final String executionArn;
  private final String stateName;
  private final String resource;
  private final String parameters;
  private final String taskToken;

  /** Creates a pending callback. */
  public PendingCallback(
      String executionArn, String stateName, String resource, String parameters, String taskToken) {
    this.executionArn = executionArn;
    this.stateName = stateName;
    this.resource = resource;
    this.parameters = parameters;
    this.taskToken = taskToken;
  }

  /** The execution the task belongs to. */
  public String executionArn() {
    return executionArn;
  }

  /** The Task state's name. */
  public String stateName() {
    return stateName;
  }

  /** The state's resource, e.g. {@code arn:aws:states:::sqs:sendMessage.waitForTaskToken}. */
  public String resource() {
    return resource;
  }

  /** The resolved parameters as JSON text (they carry the token where the definition put it). */
  public String parameters() {
    return parameters;
  }

  /** The task token. */
  public String taskToken() {
    return taskToken;
  }

  @Override
  public String toString() {
    return "PendingCallback[" + executionArn + ", " + stateName + ", " + resource + "]";
  }
}
