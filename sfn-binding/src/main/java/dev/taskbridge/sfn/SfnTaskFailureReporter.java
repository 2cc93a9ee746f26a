package dev.taskbridge.sfn;

import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.api.TaskFailureReporter;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Creates {@link TaskFailureReporter}s for AWS Step Functions ({@code SendTaskFailure}).
 *
 * <p>The application creates, configures and closes the SDK client; the reporter only borrows it.
 * Choose its HTTP client explicitly (the {@code sfn} artifact would otherwise pick whichever of
 * Apache and Netty it finds on the classpath).
 *
 * <p>Error translation:
 *
 * <table>
 *   <caption>Step Functions wire codes</caption>
 *   <tr><th>wire code</th><th>exception</th></tr>
 *   <tr><td>TaskTimedOut, TaskDoesNotExist</td><td>{@link dev.taskbridge.api.TaskGoneException}</td></tr>
 *   <tr><td>InvalidToken</td><td>{@link dev.taskbridge.api.InvalidTaskTokenException}</td></tr>
 *   <tr><td>AccessDeniedException, KmsAccessDeniedException</td>
 *       <td>{@link dev.taskbridge.api.ReportNotPermittedException}</td></tr>
 *   <tr><td>KmsInvalidStateException</td><td>{@link dev.taskbridge.api.EncryptionKeyException}</td></tr>
 *   <tr><td>ValidationException</td><td>{@link dev.taskbridge.api.ReportRejectedException}</td></tr>
 *   <tr><td>ThrottlingException, KmsThrottlingException, HTTP 429 (retried)</td>
 *       <td>{@link dev.taskbridge.api.BackendThrottledException}</td></tr>
 *   <tr><td>HTTP 5xx, I/O errors, timeouts (retried)</td>
 *       <td>{@link dev.taskbridge.api.BackendUnavailableException}</td></tr>
 * </table>
 *
 * <p>With {@link ReporterOptions#kmsFallback()} on, a report refused with {@code
 * KmsAccessDeniedException} or {@code KmsInvalidStateException} is sent once more with neither
 * error nor cause, which needs no KMS permission: the task fails now instead of timing out. The
 * refusal is still thrown, with {@code failedWithoutDetails()} true.
 */
public final class SfnTaskFailureReporter {

  private SfnTaskFailureReporter() {}

  /** A reporter over a blocking client, with {@link ReporterOptions#defaults()}. */
  public static TaskFailureReporter create(SfnClient client) {
    return create(client, ReporterOptions.defaults());
  }

  /**
   * A reporter over a blocking client. {@code reportAsync} runs the call on a shared pool of daemon
   * threads, never on the caller's thread.
   */
  public static TaskFailureReporter create(SfnClient client, ReporterOptions options) {
    return SfnWire.client(client, options);
  }

  /** A reporter over a non-blocking client, with {@link ReporterOptions#defaults()}. */
  public static TaskFailureReporter create(SfnAsyncClient client) {
    return create(client, ReporterOptions.defaults());
  }

  /** A reporter over a non-blocking client; {@code report} waits for the call to finish. */
  public static TaskFailureReporter create(SfnAsyncClient client, ReporterOptions options) {
    return SfnWire.client(client, options);
  }
}
