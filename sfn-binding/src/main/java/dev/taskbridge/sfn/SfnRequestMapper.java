package dev.taskbridge.sfn;

import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.aws.internal.SdkMapperConfig;
import dev.taskbridge.aws.internal.SdkRequestMapping;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.MappingTarget;
import software.amazon.awssdk.services.sfn.model.ActivityFailedEventDetails;
import software.amazon.awssdk.services.sfn.model.ExecutionFailedEventDetails;
import software.amazon.awssdk.services.sfn.model.SendTaskFailureRequest;

/**
 * Fills {@code SendTaskFailureRequest}: error to error, cause to cause; null stays absent. Reads
 * {@code ActivityFailed} and {@code ExecutionFailed} history events back the same way.
 */
@Mapper(config = SdkMapperConfig.class)
interface SfnRequestMapper {

  @SdkRequestMapping
  @Mapping(target = "taskToken", source = "taskToken")
  @Mapping(target = "error", source = "failure.error")
  @Mapping(target = "cause", source = "failure.cause")
  void fill(
      String taskToken, TaskFailure failure, @MappingTarget SendTaskFailureRequest.Builder request);

  TaskFailure toFailure(ActivityFailedEventDetails details);

  TaskFailure toFailure(ExecutionFailedEventDetails details);
}
