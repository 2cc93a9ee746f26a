package dev.taskbridge.emulator.internal;

import static dev.taskbridge.emulator.internal.Limit.chars;
import static dev.taskbridge.emulator.internal.Limit.items;
import static dev.taskbridge.emulator.internal.Limit.strings;
import static dev.taskbridge.emulator.internal.Limit.value;

/**
 * The SWF request members and their limits, which {@link Req} enforces. The numbers come from the
 * botocore model {@code botocore/data/swf/2012-01-25/service-2.json} (the shape of each member is
 * named beside it); one constant per member whose limits differ by context.
 */
// Limit is a record of a String, longs, an enum and a boolean: immutable.
@SuppressWarnings("ImmutableEnumChecker")
enum SwfLimits implements Member {
  /** DomainName. */
  DOMAIN(chars("domain", 1, 256)),
  /** DomainName, the {@code name} of RegisterDomain and DescribeDomain. */
  DOMAIN_NAME(chars("name", 1, 256)),
  /** Description. */
  DESCRIPTION(chars("description", 0, 1024)),
  /** DurationInDays. */
  RETENTION(chars("workflowExecutionRetentionPeriodInDays", 1, 8)),
  /** ResourceTagList. */
  TAGS(items("tags", 50)),
  /** ResourceTagKey. */
  TAG_KEY(chars("key", 1, 128)),
  /** ResourceTagValue. */
  TAG_VALUE(chars("value", 0, 256)),
  /** Name, of an activity or workflow type. */
  TYPE_NAME(chars("name", 1, 256)),
  /** Version, of an activity or workflow type. */
  TYPE_VERSION(chars("version", 1, 64)),
  /** Name, of a task list. */
  TASK_LIST_NAME(chars("name", 1, 256)),
  /** DurationInSecondsOptional. */
  DEFAULT_TASK_START_TO_CLOSE_TIMEOUT(chars("defaultTaskStartToCloseTimeout", 0, 8)),
  /** DurationInSecondsOptional. */
  DEFAULT_TASK_HEARTBEAT_TIMEOUT(chars("defaultTaskHeartbeatTimeout", 0, 8)),
  /** DurationInSecondsOptional. */
  DEFAULT_TASK_SCHEDULE_TO_START_TIMEOUT(chars("defaultTaskScheduleToStartTimeout", 0, 8)),
  /** DurationInSecondsOptional. */
  DEFAULT_TASK_SCHEDULE_TO_CLOSE_TIMEOUT(chars("defaultTaskScheduleToCloseTimeout", 0, 8)),
  /** DurationInSecondsOptional. */
  DEFAULT_EXECUTION_START_TO_CLOSE_TIMEOUT(chars("defaultExecutionStartToCloseTimeout", 0, 8)),
  /** TaskPriority (the model sets no bound; 11 characters hold any int). */
  DEFAULT_TASK_PRIORITY(chars("defaultTaskPriority", 0, 11)),
  /** Arn. */
  DEFAULT_LAMBDA_ROLE(chars("defaultLambdaRole", 1, 1224)),
  /** WorkflowId. */
  WORKFLOW_ID(chars("workflowId", 1, 256)),
  /** WorkflowRunId, required (in a WorkflowExecution). */
  RUN_ID(chars("runId", 1, 64)),
  /** WorkflowRunIdOptional. */
  RUN_ID_OPTIONAL(chars("runId", 0, 64)),
  /** TaskPriority (the model sets no bound; 11 characters hold any int). */
  TASK_PRIORITY(chars("taskPriority", 0, 11)),
  /** Data. */
  INPUT(chars("input", 0, 32768)),
  /** DurationInSecondsOptional. */
  EXECUTION_START_TO_CLOSE_TIMEOUT(chars("executionStartToCloseTimeout", 0, 8)),
  /** DurationInSecondsOptional. */
  TASK_START_TO_CLOSE_TIMEOUT(chars("taskStartToCloseTimeout", 0, 8)),
  /** TagList of Tag. */
  TAG_LIST(strings("tagList", 5, 256)),
  /** Arn. */
  LAMBDA_ROLE(chars("lambdaRole", 1, 1224)),
  /** PageToken. */
  NEXT_PAGE_TOKEN(chars("nextPageToken", 0, 2048)),
  /** PageSize. */
  MAXIMUM_PAGE_SIZE(value("maximumPageSize", 0, 1000)),
  /** TerminateReason and FailureReason. */
  REASON(chars("reason", 0, 256)),
  /** Data. */
  DETAILS(chars("details", 0, 32768)),
  /** LimitedData, the details of RecordActivityTaskHeartbeat. */
  HEARTBEAT_DETAILS(chars("details", 0, 2048)),
  /** SignalName. */
  SIGNAL_NAME(chars("signalName", 1, 256)),
  /** Identity. */
  IDENTITY(chars("identity", 0, 256)),
  /** TaskToken. */
  TASK_TOKEN(chars("taskToken", 1, 1024)),
  /** DecisionList (the model sets no bound). */
  DECISIONS(items("decisions", Integer.MAX_VALUE)),
  /** Data. */
  EXECUTION_CONTEXT(chars("executionContext", 0, 32768)),
  /** ActivityId. */
  ACTIVITY_ID(chars("activityId", 1, 256)),
  /** Data. */
  CONTROL(chars("control", 0, 32768)),
  /** DurationInSecondsOptional. */
  SCHEDULE_TO_CLOSE_TIMEOUT(chars("scheduleToCloseTimeout", 0, 8)),
  /** DurationInSecondsOptional. */
  SCHEDULE_TO_START_TIMEOUT(chars("scheduleToStartTimeout", 0, 8)),
  /** DurationInSecondsOptional. */
  START_TO_CLOSE_TIMEOUT(chars("startToCloseTimeout", 0, 8)),
  /** DurationInSecondsOptional. */
  HEARTBEAT_TIMEOUT(chars("heartbeatTimeout", 0, 8)),
  /** Data. */
  RESULT(chars("result", 0, 32768)),
  /** MarkerName. */
  MARKER_NAME(chars("markerName", 1, 256));

  private final Limit limit;

  SwfLimits(Limit limit) {
    this.limit = limit;
  }

  @Override
  public Limit limit() {
    return limit;
  }
}
