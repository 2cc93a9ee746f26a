package dev.taskbridge.api;

/** The service a task token came from and a reporter talks to. */
public enum Backend {
  /**
   * Amazon Simple Workflow Service: {@code RespondActivityTaskFailed(taskToken, reason, details)}.
   */
  SWF("Amazon SWF", 1024),
  /** AWS Step Functions: {@code SendTaskFailure(taskToken, error, cause)}. */
  SFN("AWS Step Functions", 2048);

  private final String displayName;
  private final int maxTokenLength;

  Backend(String displayName, int maxTokenLength) {
    this.displayName = displayName;
    this.maxTokenLength = maxTokenLength;
  }

  /** The service's name as people write it, for messages. */
  public String displayName() {
    return displayName;
  }

  /**
   * The longest task token this backend accepts, in characters: 1024 for SWF, 2048 for Step
   * Functions (the service models' {@code TaskToken} shapes).
   */
  public int maxTokenLength() {
    return maxTokenLength;
  }
}
