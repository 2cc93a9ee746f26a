package dev.taskbridge.swf;

import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.api.TaskClient;
import software.amazon.awssdk.services.swf.SwfAsyncClient;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * Creates {@link TaskClient}s for Amazon SWF activity workers: {@code PollForActivityTask}, {@code
 * RespondActivityTaskCompleted}, {@code RecordActivityTaskHeartbeat}, {@code
 * RespondActivityTaskCanceled} and {@code RespondActivityTaskFailed}.
 *
 * <p>The application creates, configures and closes the SDK client; the task client only borrows
 * it. Choose its HTTP client explicitly, and let its read timeout outlast the 60 s long poll: with
 * {@code httpClientBuilder(...)} the SDK applies SWF's default of 90 s; a prebuilt {@code
 * httpClient(...)} keeps its own (30 s unless set), which no request can override.
 *
 * <p>The identity is sent as {@code identity} (null or {@code ""}: none); the result as {@code
 * result} (at most 32768 characters, never cut; null or {@code ""}: none); heartbeat details as
 * {@code details} (at most 2048); cancel details as {@code details} (at most 32768). {@code
 * heartbeat} answers {@code cancelRequested} as SWF does.
 *
 * <p>Every poll attempt carries an API call timeout of 70 s, overriding the client's own, as SWF's
 * documentation asks. An empty poll ({@code taskToken: ""}) is an empty result. Errors are
 * translated as {@link SwfTaskFailureReporter} says; on a poll, {@code UnknownResourceFault} (an
 * unknown domain or activity type) is {@link dev.taskbridge.api.ReportRejectedException}, never
 * "task gone".
 */
public final class SwfTaskClient {

  private SwfTaskClient() {}

  /** A task client over a blocking client, with {@link ReporterOptions#defaults()}. */
  public static TaskClient create(SwfClient client) {
    return create(client, ReporterOptions.defaults());
  }

  /**
   * A task client over a blocking client. The {@code ...Async} methods run the call on a shared
   * pool of daemon threads, never on the caller's thread.
   */
  public static TaskClient create(SwfClient client, ReporterOptions options) {
    return SwfWire.client(client, options);
  }

  /** A task client over a non-blocking client, with {@link ReporterOptions#defaults()}. */
  public static TaskClient create(SwfAsyncClient client) {
    return create(client, ReporterOptions.defaults());
  }

  /** A task client over a non-blocking client; the blocking methods wait for the call. */
  public static TaskClient create(SwfAsyncClient client, ReporterOptions options) {
    return SwfWire.client(client, options);
  }
}
