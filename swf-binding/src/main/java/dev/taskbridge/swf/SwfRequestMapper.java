package dev.taskbridge.swf;

import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.aws.internal.SdkMapperConfig;
import dev.taskbridge.aws.internal.SdkRequestMapping;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.MappingTarget;
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
}
