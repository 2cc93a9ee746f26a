package dev.taskbridge.sfn;

import dev.taskbridge.api.ActivityTask;
import dev.taskbridge.api.Backend;
import dev.taskbridge.api.HeartbeatAnswer;
import dev.taskbridge.api.ReportOutcome;
import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.api.TaskCall;
import dev.taskbridge.api.TaskClient;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.api.internal.Delivery;
import dev.taskbridge.api.internal.Truncation;
import dev.taskbridge.aws.internal.BackendProfile;
import dev.taskbridge.aws.internal.SdkTaskClient;
import dev.taskbridge.aws.internal.SdkTaskClient.Exchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskRequest;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.KmsInvalidStateException;
import software.amazon.awssdk.services.sfn.model.SendTaskFailureRequest;
import software.amazon.awssdk.services.sfn.model.SendTaskHeartbeatRequest;
import software.amazon.awssdk.services.sfn.model.SendTaskSuccessRequest;

/**
 * Everything the Step Functions binding puts on the wire, in one place: the wire-code table, the
 * requests of the five calls, how their answers are read, and which client method sends each. A new
 * operation or code touches this file only.
 *
 * <table>
 *   <caption>Step Functions wire codes</caption>
 *   <tr><th>wire code</th><th>calls</th><th>outcome</th></tr>
 *   <tr><td>TaskTimedOut, TaskDoesNotExist</td><td>task calls</td><td>TASK_GONE</td></tr>
 *   <tr><td>InvalidToken</td><td>task calls</td><td>INVALID_TOKEN</td></tr>
 *   <tr><td>AccessDeniedException, KmsAccessDeniedException</td><td>all</td>
 *       <td>NOT_PERMITTED</td></tr>
 *   <tr><td>KmsInvalidStateException</td><td>all</td><td>ENCRYPTION_KEY_UNUSABLE</td></tr>
 *   <tr><td>ValidationException, InvalidOutput</td><td>all</td><td>REJECTED</td></tr>
 *   <tr><td>ActivityDoesNotExist, InvalidArn</td><td>poll</td><td>REJECTED</td></tr>
 *   <tr><td>ThrottlingException, KmsThrottlingException</td><td>all</td><td>THROTTLED</td></tr>
 *   <tr><td>ActivityWorkerLimitExceeded</td><td>poll</td><td>THROTTLED (retried)</td></tr>
 * </table>
 */
final class SfnWire {

  /** Step Functions' {@code workerName} is 1 to 80 characters (the model's {@code Name}). */
  static final int MAX_WORKER_NAME = 80;

  /** Holds the poll longer than the service's 60 s by the margin its SDK's read timeout has. */
  static final Duration POLL_TIMEOUT = Duration.ofSeconds(65);

  static final BackendProfile PROFILE =
      new BackendProfile(
          Backend.SFN,
          Map.ofEntries(
              Map.entry("TaskTimedOut", ReportOutcome.TASK_GONE),
              Map.entry("TaskDoesNotExist", ReportOutcome.TASK_GONE),
              Map.entry("InvalidToken", ReportOutcome.INVALID_TOKEN),
              Map.entry("AccessDeniedException", ReportOutcome.NOT_PERMITTED),
              Map.entry("KmsAccessDeniedException", ReportOutcome.NOT_PERMITTED),
              Map.entry("KmsInvalidStateException", ReportOutcome.ENCRYPTION_KEY_UNUSABLE),
              Map.entry("ValidationException", ReportOutcome.REJECTED),
              Map.entry("InvalidOutput", ReportOutcome.REJECTED),
              Map.entry("ThrottlingException", ReportOutcome.THROTTLED),
              Map.entry("KmsThrottlingException", ReportOutcome.THROTTLED)),
          Map.of(
              TaskCall.POLL,
              Map.of(
                  "ActivityDoesNotExist", ReportOutcome.REJECTED,
                  "InvalidArn", ReportOutcome.REJECTED,
                  "ActivityWorkerLimitExceeded", ReportOutcome.THROTTLED)),
          e -> e instanceof KmsInvalidStateException k ? k.kmsKeyStateAsString() : null,
          Set.of("KmsAccessDeniedException", "KmsInvalidStateException"),
          POLL_TIMEOUT);

  static final SfnRequestMapper MAPPER = new SfnRequestMapperImpl();

  private SfnWire() {}

  /** A client over a blocking SDK client. */
  static TaskClient client(SfnClient client, ReporterOptions options) {
    return SdkTaskClient.create(
        PROFILE,
        options,
        client,
        c ->
            new SdkTaskClient.Wire(
                Exchange.blocking(SfnWire::poll, c::getActivityTask, SfnWire::task),
                Exchange.blocking(SfnWire::success, c::sendTaskSuccess),
                Exchange.blocking(SfnWire::heartbeat, c::sendTaskHeartbeat, SfnWire::noCancel),
                Exchange.blocking(SfnWire::failure, c::sendTaskFailure),
                Exchange.blocking(SfnWire::failure, c::sendTaskFailure)),
        "SfnClient");
  }

  /** A client over a non-blocking SDK client. */
  static TaskClient client(SfnAsyncClient client, ReporterOptions options) {
    return SdkTaskClient.create(
        PROFILE,
        options,
        client,
        c ->
            new SdkTaskClient.Wire(
                Exchange.nonBlocking(SfnWire::poll, c::getActivityTask, SfnWire::task),
                Exchange.nonBlocking(SfnWire::success, c::sendTaskSuccess),
                Exchange.nonBlocking(SfnWire::heartbeat, c::sendTaskHeartbeat, SfnWire::noCancel),
                Exchange.nonBlocking(SfnWire::failure, c::sendTaskFailure),
                Exchange.nonBlocking(SfnWire::failure, c::sendTaskFailure)),
        "SfnAsyncClient");
  }

  static GetActivityTaskRequest poll(Delivery d, @Nullable AwsRequestOverrideConfiguration o) {
    return GetActivityTaskRequest.builder()
        .activityArn(d.pollSource().activityArn().orElseThrow())
        .workerName(workerName(d.identity()))
        .overrideConfiguration(o)
        .build();
  }

  /** Step Functions' idle poll has no token (null or absent; {@code ""} is read the same way). */
  static Optional<ActivityTask> task(Delivery d, GetActivityTaskResponse r) {
    String token = r.taskToken();
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        ActivityTask.builder(d.pollSource(), TaskToken.of(Backend.SFN, token))
            .input(r.input())
            .build());
  }

  static SendTaskSuccessRequest success(Delivery d, @Nullable AwsRequestOverrideConfiguration o) {
    return SendTaskSuccessRequest.builder()
        .taskToken(d.tokenValue())
        .output(d.payload())
        .overrideConfiguration(o)
        .build();
  }

  /** The details were checked and are not sent: {@code SendTaskHeartbeat} takes none. */
  static SendTaskHeartbeatRequest heartbeat(
      Delivery d, @Nullable AwsRequestOverrideConfiguration o) {
    return SendTaskHeartbeatRequest.builder()
        .taskToken(d.tokenValue())
        .overrideConfiguration(o)
        .build();
  }

  /** Step Functions has no cancellation request: a heartbeat never asks to cancel. */
  static HeartbeatAnswer noCancel(Delivery d, Object response) {
    return HeartbeatAnswer.of(false);
  }

  /** A report, or a cancellation as a failure with {@link TaskClient#CANCELED_ERROR}. */
  static SendTaskFailureRequest failure(Delivery d, @Nullable AwsRequestOverrideConfiguration o) {
    SendTaskFailureRequest.Builder b = SendTaskFailureRequest.builder();
    MAPPER.fill(d.tokenValue(), d.failure(), b);
    return b.overrideConfiguration(o).build();
  }

  /**
   * The {@code workerName} for an identity: the identity itself when it has 1 to 80 characters;
   * otherwise its first characters (at most 71, cut at a code-point boundary), {@code '-'}, and the
   * first 8 hex digits of the SHA-256 of the whole identity's UTF-8 bytes, so that two long
   * identities with the same beginning stay apart. Null stays null (none sent).
   */
  static @Nullable String workerName(@Nullable String identity) {
    if (identity == null || identity.length() <= MAX_WORKER_NAME) {
      return identity;
    }
    String hash = HexFormat.of().formatHex(sha256(identity), 0, 4);
    String head = Truncation.truncate(identity, MAX_WORKER_NAME - hash.length() - 1, "");
    return head + "-" + hash;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every Java platform has SHA-256", e);
    }
  }
}
