package dev.taskbridge.emulator.internal.asl;

import org.jspecify.annotations.Nullable;

/**
 * What a Task resource names: an activity, a callback integration, or something else. An ARN has
 * seven ':'-separated parts, the last taking any further ':' ({@code arn.split(":", 7)}); they are
 * found by index, since every task event asks and a split costs a list and seven strings.
 */
public final class Resources {
  private Resources() {}

  /** The suffix of a callback task's resource. */
  public static final String WAIT_FOR_TOKEN = ".waitForTaskToken";

  /** Whether the resource is an activity ARN. */
  public static boolean isActivity(String arn) {
    int[] c = colons(arn);
    return c != null
        && c[0] == 3
        && arn.startsWith("arn")
        && is(arn, c[1] + 1, c[2], "states")
        && is(arn, c[4] + 1, c[5], "activity")
        && c[5] + 1 < arn.length();
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
    int[] c = colons(arn);
    return c == null ? "" : arn.substring(c[4] + 1, c[5]);
  }

  /** The {@code resource} of a TaskScheduled event: {@code sendMessage.waitForTaskToken}. */
  public static String name(String arn) {
    int[] c = colons(arn);
    return c == null ? arn : arn.substring(c[5] + 1);
  }

  /** The indexes of the first six ':' of {@code arn}, or null if it has fewer (not seven parts). */
  private static int @Nullable [] colons(String arn) {
    int[] at = new int[6];
    int from = 0;
    for (int i = 0; i < at.length; i++) {
      int c = arn.indexOf(':', from);
      if (c < 0) {
        return null;
      }
      at[i] = c;
      from = c + 1;
    }
    return at;
  }

  private static boolean is(String arn, int from, int to, String part) {
    return to - from == part.length() && arn.startsWith(part, from);
  }
}
