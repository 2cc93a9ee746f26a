package dev.taskbridge.sfn;

import dev.taskbridge.api.TaskFailure;
import software.amazon.awssdk.services.sfn.model.ActivityFailedEventDetails;
import software.amazon.awssdk.services.sfn.model.ExecutionFailedEventDetails;

/**
 * Step Functions' words for a failure, in the shared vocabulary: {@code error} and {@code cause}.
 *
 * <p>For tools that read execution history and must agree with SWF code: the {@link TaskFailure}
 * read back from an {@code ActivityFailed} event equals the one a taskbridge reporter sent (after
 * its field rules).
 */
public final class SfnVocabulary {

  private SfnVocabulary() {}

  /** The failure an {@code ActivityFailed} event records. */
  public static TaskFailure failureOf(ActivityFailedEventDetails details) {
    return SfnWire.MAPPER.toFailure(details);
  }

  /** The failure an {@code ExecutionFailed} event records. */
  public static TaskFailure failureOf(ExecutionFailedEventDetails details) {
    return SfnWire.MAPPER.toFailure(details);
  }
}
