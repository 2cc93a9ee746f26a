package dev.taskbridge.swf;

import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.api.TaskFailureReporter;
import software.amazon.awssdk.services.swf.SwfAsyncClient;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * Creates {@link TaskFailureReporter}s for Amazon SWF ({@code RespondActivityTaskFailed}).
 *
 * <p>The failure's {@code error} is sent as {@code reason} and its {@code cause} as {@code
 * details}. Tokens longer than SWF's 1024 characters are refused before any call.
 *
 * <p>The application creates, configures and closes the SDK client; the reporter only borrows it.
 * Choose its HTTP client explicitly (the {@code swf} artifact would otherwise pick whichever of
 * Apache and Netty it finds on the classpath).
 *
 * <p>Error translation:
 *
 * <table>
 *   <caption>SWF wire codes</caption>
 *   <tr><th>wire code</th><th>exception</th></tr>
 *   <tr><td>UnknownResourceFault (closed, timed out or unknown task or execution)</td>
 *       <td>{@link dev.taskbridge.api.TaskGoneException}</td></tr>
 *   <tr><td>ValidationException naming the task token</td>
 *       <td>{@link dev.taskbridge.api.InvalidTaskTokenException}</td></tr>
 *   <tr><td>OperationNotPermittedFault, AccessDeniedException</td>
 *       <td>{@link dev.taskbridge.api.ReportNotPermittedException}</td></tr>
 *   <tr><td>other ValidationException</td><td>{@link dev.taskbridge.api.ReportRejectedException}</td></tr>
 *   <tr><td>ThrottlingException, LimitExceededFault, HTTP 429 (retried)</td>
 *       <td>{@link dev.taskbridge.api.BackendThrottledException}</td></tr>
 *   <tr><td>HTTP 5xx, I/O errors, timeouts (retried)</td>
 *       <td>{@link dev.taskbridge.api.BackendUnavailableException}</td></tr>
 * </table>
 */
public final class SwfTaskFailureReporter {

  private SwfTaskFailureReporter() {}

  /** A reporter over a blocking client, with {@link ReporterOptions#defaults()}. */
  public static TaskFailureReporter create(SwfClient client) {
    return create(client, ReporterOptions.defaults());
  }

  /**
   * A reporter over a blocking client. {@code reportAsync} runs the call on a shared pool of daemon
   * threads, never on the caller's thread.
   */
  public static TaskFailureReporter create(SwfClient client, ReporterOptions options) {
    return SwfWire.client(client, options);
  }

  /** A reporter over a non-blocking client, with {@link ReporterOptions#defaults()}. */
  public static TaskFailureReporter create(SwfAsyncClient client) {
    return create(client, ReporterOptions.defaults());
  }

  /** A reporter over a non-blocking client; {@code report} waits for the call to finish. */
  public static TaskFailureReporter create(SwfAsyncClient client, ReporterOptions options) {
    return SwfWire.client(client, options);
  }
}
