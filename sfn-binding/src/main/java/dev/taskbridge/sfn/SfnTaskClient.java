package dev.taskbridge.sfn;

import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.api.TaskClient;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Creates {@link TaskClient}s for AWS Step Functions activities: {@code GetActivityTask}, {@code
 * SendTaskSuccess}, {@code SendTaskHeartbeat} and {@code SendTaskFailure}.
 *
 * <p>The application creates, configures and closes the SDK client; the task client only borrows
 * it. Choose its HTTP client explicitly, and let its read timeout outlast the 60 s long poll: with
 * {@code httpClientBuilder(...)} the SDK applies Step Functions' default of 65 s; a prebuilt {@code
 * httpClient(...)} keeps its own (30 s unless set), which no request can override.
 *
 * <p>What Step Functions lacks is never pretended:
 *
 * <ul>
 *   <li>{@code heartbeat} details are checked (at most 2048 characters, as on SWF) and not sent:
 *       {@code SendTaskHeartbeat} takes none; {@code cancelRequested()} is never true.
 *   <li>{@code cancel} sends {@code SendTaskFailure} with error {@value TaskClient#CANCELED_ERROR}
 *       and the details as cause, so a {@code Catch} can route it.
 *   <li>the identity of {@code poll} becomes {@code workerName} (1 to 80 characters): as it is up
 *       to 80 characters, otherwise its first 71 or fewer (cut at a code-point boundary), {@code
 *       '-'} and 8 hex digits of the SHA-256 of the whole identity.
 *   <li>{@code succeed}'s result is the {@code output}: valid JSON of at most 262144 UTF-8 bytes,
 *       refused before any call otherwise; null or {@code ""} is sent as the JSON {@code null}.
 * </ul>
 *
 * <p>Every poll attempt carries an API call timeout of 65 s, overriding the client's own, so the
 * service's 60 s hold always fits. Errors are translated as {@link SfnTaskFailureReporter} says; on
 * a poll, {@code ActivityDoesNotExist} and {@code InvalidArn} are {@link
 * dev.taskbridge.api.ReportRejectedException}, and {@code ActivityWorkerLimitExceeded} is {@link
 * dev.taskbridge.api.BackendThrottledException} (retried).
 */
public final class SfnTaskClient {

  private SfnTaskClient() {}

  /** A task client over a blocking client, with {@link ReporterOptions#defaults()}. */
  public static TaskClient create(SfnClient client) {
    return create(client, ReporterOptions.defaults());
  }

  /**
   * A task client over a blocking client. The {@code ...Async} methods run the call on a shared
   * pool of daemon threads, never on the caller's thread.
   */
  public static TaskClient create(SfnClient client, ReporterOptions options) {
    return SfnWire.client(client, options);
  }

  /** A task client over a non-blocking client, with {@link ReporterOptions#defaults()}. */
  public static TaskClient create(SfnAsyncClient client) {
    return create(client, ReporterOptions.defaults());
  }

  /** A task client over a non-blocking client; the blocking methods wait for the call. */
  public static TaskClient create(SfnAsyncClient client, ReporterOptions options) {
    return SfnWire.client(client, options);
  }
}
