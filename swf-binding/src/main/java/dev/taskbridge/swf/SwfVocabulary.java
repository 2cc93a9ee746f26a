package dev.taskbridge.swf;

import dev.taskbridge.api.TaskFailure;
import software.amazon.awssdk.services.swf.model.ActivityTaskFailedEventAttributes;

/**
 * SWF's words for a failure, in the shared vocabulary: {@code reason} is the error, {@code details}
 * the cause.
 *
 * <p>For deciders and tools that read SWF history and must agree with Step Functions code: the
 * {@link TaskFailure} read back from an {@code ActivityTaskFailed} event equals the one a
 * taskbridge reporter sent (after its field rules), whichever backend recorded it.
 */
public final class SwfVocabulary {

  private SwfVocabulary() {}

  /** The failure an {@code ActivityTaskFailed} event records: reason to error, details to cause. */
  public static TaskFailure failureOf(ActivityTaskFailedEventAttributes attributes) {
    return SwfWire.MAPPER.toFailure(attributes);
  }
}
