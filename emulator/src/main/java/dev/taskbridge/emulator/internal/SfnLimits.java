package dev.taskbridge.emulator.internal;

import static dev.taskbridge.emulator.internal.Limit.bytes;
import static dev.taskbridge.emulator.internal.Limit.chars;
import static dev.taskbridge.emulator.internal.Limit.items;
import static dev.taskbridge.emulator.internal.Limit.strings;
import static dev.taskbridge.emulator.internal.Limit.value;

/**
 * The Step Functions request members and their limits, which {@link Req} enforces. The numbers come
 * from the botocore model {@code botocore/data/stepfunctions/2016-11-23/service-2.json} (the shape
 * of each member is named beside it); one constant per member whose limits differ by context.
 */
// Limit is a record of a String, longs, an enum and a boolean: immutable.
@SuppressWarnings("ImmutableEnumChecker")
enum SfnLimits implements Member {
  /** Arn. */
  STATE_MACHINE_ARN(chars("stateMachineArn", 1, 256)),
  /** Arn. */
  ACTIVITY_ARN(chars("activityArn", 1, 256)),
  /** Arn. */
  EXECUTION_ARN(chars("executionArn", 1, 256)),
  /** Arn. */
  RESOURCE_ARN(chars("resourceArn", 1, 256)),
  /** Arn. */
  ROLE_ARN(chars("roleArn", 1, 256)),
  /** LongArn. */
  MAP_RUN_ARN(chars("mapRunArn", 1, 2000)),
  /** Name. */
  NAME(chars("name", 1, 80)),
  /** Name. */
  WORKER_NAME(chars("workerName", 1, 80)),
  /** KmsKeyId. */
  KMS_KEY_ID(chars("kmsKeyId", 1, 2048)),
  /** KmsDataKeyReusePeriodSeconds. */
  KMS_DATA_KEY_REUSE_PERIOD_SECONDS(value("kmsDataKeyReusePeriodSeconds", 60, 900)),
  /** PageSize. */
  MAX_RESULTS(value("maxResults", 0, 1000)),
  /** ValidateStateMachineDefinitionMaxResult. */
  VALIDATION_MAX_RESULTS(value("maxResults", 0, 100)),
  /** PageToken. */
  NEXT_TOKEN(chars("nextToken", 1, 1024)),
  /** ListExecutionsPageToken. */
  LIST_EXECUTIONS_NEXT_TOKEN(chars("nextToken", 1, 3096)),
  /** ExecutionRedriveFilter (an enumeration, checked here only for length). */
  REDRIVE_FILTER(chars("redriveFilter", 0, 64)),
  /** IncludedData (an enumeration, checked here only for length). */
  INCLUDED_DATA(chars("includedData", 0, 64)),
  /** TagList (the model sets no bound; 50 is the service's quota of tags). */
  TAGS(items("tags", 50)),
  /** TagKey. */
  TAG_KEY(chars("key", 1, 128)),
  /** TagValue. */
  TAG_VALUE(chars("value", 0, 256)),
  /**
   * TagKeyList (the model sets no bound on the list) of TagKey (whose least length, 1, is not
   * checked).
   */
  TAG_KEYS(strings("tagKeys", 200, 128)),
  /** Definition. */
  DEFINITION(chars("definition", 1, 1048576).asSensitive()),
  /** VersionDescription. */
  VERSION_DESCRIPTION(chars("versionDescription", 0, 256).asSensitive()),
  /** SensitiveData, measured in UTF-8 bytes. */
  INPUT(bytes("input", 262144).asSensitive()),
  /** SensitiveData, measured in UTF-8 bytes. */
  OUTPUT(bytes("output", 262144).asSensitive()),
  /** TraceHeader. */
  TRACE_HEADER(chars("traceHeader", 0, 256)),
  /**
   * TraceHeader holding a character outside ASCII, which its pattern refuses; the service reports
   * it as a violation of a greatest length of -1.
   */
  TRACE_HEADER_NOT_ASCII(chars("traceHeader", 0, -1).asSensitive()),
  /** SensitiveError. */
  ERROR(chars("error", 0, 256).asSensitive()),
  /** SensitiveCause. */
  CAUSE(chars("cause", 0, 32768).asSensitive()),
  /** TaskToken. */
  TASK_TOKEN(chars("taskToken", 1, 2048));

  private final Limit limit;

  SfnLimits(Limit limit) {
    this.limit = limit;
  }

  @Override
  public Limit limit() {
    return limit;
  }
}
