package dev.taskbridge.swf;

import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.aws.internal.SdkMapperConfig;
import dev.taskbridge.aws.internal.SdkRequestMapping;
import org.jspecify.annotations.Nullable;
import org.mapstruct.Context;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.MappingTarget;
import org.mapstruct.Named;
import software.amazon.awssdk.services.swf.model.ActivityTaskFailedEventAttributes;
import software.amazon.awssdk.services.swf.model.RespondActivityTaskFailedRequest;

/**
 * Maps between the shared vocabulary and SWF's. Fills {@code RespondActivityTaskFailedRequest} from
 * the shared vocabulary: error to {@code reason}, cause to {@code details}; null stays absent.
 * Reads an {@code ActivityTaskFailed} history event back: reason to error, details to cause.
 */
@Mapper(config = SdkMapperConfig.class)
interface SwfRequestMapper {

  @SdkRequestMapping
  @Mapping(target = "taskToken", source = "taskToken")
  @Mapping(target = "reason", source = "failure.error")
  @Mapping(target = "details", source = "failure.cause")
  void fill(
      String taskToken,
      TaskFailure failure,
      @MappingTarget RespondActivityTaskFailedRequest.Builder request);

  @Mapping(target = "error", source = "reason")
  @Mapping(target = "cause", source = "details")
  TaskFailure toFailure(ActivityTaskFailedEventAttributes attributes);

  /** SWF's words to Step Functions' under {@code rules}: see {@link SwfMigration}. */
  @Mapping(target = "error", source = "reason", qualifiedByName = "migratedError")
  @Mapping(target = "cause", source = ".", qualifiedByName = "migratedCause")
  TaskFailure migrate(ActivityTaskFailedEventAttributes attributes, @Context SwfMigration rules);

  @Named("migratedError")
  default @Nullable String migratedError(@Nullable String reason, @Context SwfMigration rules) {
    return rules.errorFor(reason);
  }

  @Named("migratedCause")
  default @Nullable String migratedCause(
      ActivityTaskFailedEventAttributes attributes, @Context SwfMigration rules) {
    return rules.causeFor(attributes.reason(), attributes.details());
  }
}
