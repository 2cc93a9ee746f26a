package dev.taskbridge.swf;

import dev.taskbridge.api.ActivityTask;
import dev.taskbridge.api.Backend;
import dev.taskbridge.api.HeartbeatAnswer;
import dev.taskbridge.api.ReportOutcome;
import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.api.TaskCall;
import dev.taskbridge.api.TaskClient;
import dev.taskbridge.api.TaskSource;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.api.internal.Delivery;
import dev.taskbridge.aws.internal.BackendProfile;
import dev.taskbridge.aws.internal.SdkTaskClient;
import dev.taskbridge.aws.internal.SdkTaskClient.Exchange;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.swf.SwfAsyncClient;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskRequest;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.RecordActivityTaskHeartbeatRequest;
import software.amazon.awssdk.services.swf.model.RecordActivityTaskHeartbeatResponse;
import software.amazon.awssdk.services.swf.model.RespondActivityTaskCanceledRequest;
import software.amazon.awssdk.services.swf.model.RespondActivityTaskCompletedRequest;
import software.amazon.awssdk.services.swf.model.RespondActivityTaskFailedRequest;
import software.amazon.awssdk.services.swf.model.TaskList;

/**
 * Everything the SWF binding puts on the wire, in one place: the wire-code table, the requests of
 * the five calls, how their answers are read, and which client method sends each. A new operation
 * or code touches this file only.
 *
 * <table>
 *   <caption>SWF wire codes</caption>
 *   <tr><th>wire code</th><th>calls</th><th>outcome</th></tr>
 *   <tr><td>UnknownResourceFault</td><td>task calls</td><td>TASK_GONE</td></tr>
 *   <tr><td>UnknownResourceFault (unknown domain or activity type)</td><td>poll</td>
 *       <td>REJECTED</td></tr>
 *   <tr><td>OperationNotPermittedFault, AccessDeniedException</td><td>all</td>
 *       <td>NOT_PERMITTED</td></tr>
 *   <tr><td>ValidationException</td><td>all</td><td>REJECTED (INVALID_TOKEN when it names the
 *       token)</td></tr>
 *   <tr><td>ThrottlingException, LimitExceededFault</td><td>all</td><td>THROTTLED</td></tr>
 * </table>
 */
final class SwfWire {

  /** SWF's documentation asks for a poll timeout of at least 70 s. */
  static final Duration POLL_TIMEOUT = Duration.ofSeconds(70);

  static final BackendProfile PROFILE =
      new BackendProfile(
          Backend.SWF,
          Map.of(
              "UnknownResourceFault", ReportOutcome.TASK_GONE,
              "OperationNotPermittedFault", ReportOutcome.NOT_PERMITTED,
              "AccessDeniedException", ReportOutcome.NOT_PERMITTED,
              "ValidationException", ReportOutcome.REJECTED,
              "ThrottlingException", ReportOutcome.THROTTLED,
              "LimitExceededFault", ReportOutcome.THROTTLED),
          Map.of(TaskCall.POLL, Map.of("UnknownResourceFault", ReportOutcome.REJECTED)),
          e -> null,
          Set.of(),
          POLL_TIMEOUT);

  static final SwfRequestMapper MAPPER = new SwfRequestMapperImpl();

  private SwfWire() {}

  /** A client over a blocking SDK client. */
  static TaskClient client(SwfClient client, ReporterOptions options) {
    return SdkTaskClient.create(
        PROFILE,
        options,
        client,
        c ->
            new SdkTaskClient.Wire(
                Exchange.blocking(SwfWire::poll, c::pollForActivityTask, SwfWire::task),
                Exchange.blocking(SwfWire::completed, c::respondActivityTaskCompleted),
                Exchange.blocking(
                    SwfWire::heartbeat, c::recordActivityTaskHeartbeat, SwfWire::answer),
                Exchange.blocking(SwfWire::canceled, c::respondActivityTaskCanceled),
                Exchange.blocking(SwfWire::failed, c::respondActivityTaskFailed)),
        "SwfClient");
  }

  /** A client over a non-blocking SDK client. */
  static TaskClient client(SwfAsyncClient client, ReporterOptions options) {
    return SdkTaskClient.create(
        PROFILE,
        options,
        client,
        c ->
            new SdkTaskClient.Wire(
                Exchange.nonBlocking(SwfWire::poll, c::pollForActivityTask, SwfWire::task),
                Exchange.nonBlocking(SwfWire::completed, c::respondActivityTaskCompleted),
                Exchange.nonBlocking(
                    SwfWire::heartbeat, c::recordActivityTaskHeartbeat, SwfWire::answer),
                Exchange.nonBlocking(SwfWire::canceled, c::respondActivityTaskCanceled),
                Exchange.nonBlocking(SwfWire::failed, c::respondActivityTaskFailed)),
        "SwfAsyncClient");
  }

  static PollForActivityTaskRequest poll(Delivery d, @Nullable AwsRequestOverrideConfiguration o) {
    TaskSource source = d.pollSource();
    return PollForActivityTaskRequest.builder()
        .domain(source.domain().orElseThrow())
        .taskList(TaskList.builder().name(source.taskList().orElseThrow()).build())
        .identity(d.identity())
        .overrideConfiguration(o)
        .build();
  }

  /** SWF's idle poll answers an empty token ({@code ""}; absent is read the same way). */
  static Optional<ActivityTask> task(Delivery d, PollForActivityTaskResponse r) {
    String token = r.taskToken();
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    ActivityTask.Builder b =
        ActivityTask.builder(d.pollSource(), TaskToken.of(Backend.SWF, token))
            .input(r.input())
            .activityId(r.activityId());
    if (r.activityType() != null
        && r.activityType().name() != null
        && r.activityType().version() != null) {
      b.activityType(
          new ActivityTask.ActivityType(r.activityType().name(), r.activityType().version()));
    }
    if (r.workflowExecution() != null
        && r.workflowExecution().workflowId() != null
        && r.workflowExecution().runId() != null) {
      b.workflowExecution(
          new ActivityTask.WorkflowExecution(
              r.workflowExecution().workflowId(), r.workflowExecution().runId()));
    }
    return Optional.of(b.build());
  }

  static RespondActivityTaskCompletedRequest completed(
      Delivery d, @Nullable AwsRequestOverrideConfiguration o) {
    return RespondActivityTaskCompletedRequest.builder()
        .taskToken(d.tokenValue())
        .result(d.payload())
        .overrideConfiguration(o)
        .build();
  }

  static RecordActivityTaskHeartbeatRequest heartbeat(
      Delivery d, @Nullable AwsRequestOverrideConfiguration o) {
    return RecordActivityTaskHeartbeatRequest.builder()
        .taskToken(d.tokenValue())
        .details(d.payload())
        .overrideConfiguration(o)
        .build();
  }

  static HeartbeatAnswer answer(Delivery d, RecordActivityTaskHeartbeatResponse r) {
    return HeartbeatAnswer.of(Boolean.TRUE.equals(r.cancelRequested()));
  }

  static RespondActivityTaskCanceledRequest canceled(
      Delivery d, @Nullable AwsRequestOverrideConfiguration o) {
    return RespondActivityTaskCanceledRequest.builder()
        .taskToken(d.tokenValue())
        .details(d.payload())
        .overrideConfiguration(o)
        .build();
  }

  /** The failure's error as {@code reason}, its cause as {@code details}. */
  static RespondActivityTaskFailedRequest failed(
      Delivery d, @Nullable AwsRequestOverrideConfiguration o) {
    RespondActivityTaskFailedRequest.Builder b = RespondActivityTaskFailedRequest.builder();
    MAPPER.fill(d.tokenValue(), d.failure(), b);
    return b.overrideConfiguration(o).build();
  }
}
