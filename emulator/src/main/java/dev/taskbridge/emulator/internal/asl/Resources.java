package dev.taskbridge.emulator.internal.asl;

/** What a Task resource names: an activity, a callback integration, or something else. */
public final class Resources {
  private Resources() {}

  /** The suffix of a callback task's resource. */
  public static final String WAIT_FOR_TOKEN = ".waitForTaskToken";

  /** Whether the resource is an activity ARN. */
  public static boolean isActivity(String arn) {
    String[] parts = arn.split(":", 7);
    return parts.length == 7
        && parts[0].equals("arn")
        && parts[2].equals("states")
        && parts[5].equals("activity")
        && !parts[6].isEmpty();
  }

  /** Whether the resource is a service integration that waits for a task token. */
  public static boolean isCallback(String arn) {
    return arn.startsWith("arn:") && arn.endsWith(WAIT_FOR_TOKEN);
  }

  /**
   * The {@code resourceType} of a TaskScheduled event: {@code sqs} for {@code
   * arn:aws:states:::sqs:...}.
   */
  public static String type(String arn) {
    String[] parts = arn.split(":", 7);
    return parts.length == 7 ? parts[5] : "";
  }

  /** The {@code resource} of a TaskScheduled event: {@code sendMessage.waitForTaskToken}. */
  public static String name(String arn) {
    String[] parts = arn.split(":", 7);
    return parts.length == 7 ? parts[6] : arn;
  }
}
