package dev.taskbridge.conformance;

import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.api.TaskFailureReporter;
import dev.taskbridge.sfn.SfnTaskClient;
import dev.taskbridge.swf.SwfTaskClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * The reporters under test. Plugging another implementation of {@link TaskFailureReporter} into the
 * kit is one class implementing this interface.
 *
 * <p>The kit hands in SDK clients whose own retries are off, so that every request the target sees
 * was the reporter's decision.
 */
public interface ReporterFactory {

  /** A name for reports. */
  String name();

  /** A Step Functions reporter over {@code client}, applying {@code options}. */
  TaskFailureReporter sfn(SfnClient client, ReporterOptions options);

  /** An SWF reporter over {@code client}, applying {@code options}. */
  TaskFailureReporter swf(SwfClient client, ReporterOptions options);

  /**
   * taskbridge's own bindings over blocking clients, as whole-task clients ({@code TaskClient}), so
   * the lifecycle rules run too. A factory whose reporters are not {@code TaskClient}s has those
   * rules skipped, with that reason.
   */
  static ReporterFactory taskbridge() {
    return new ReporterFactory() {
      @Override
      public String name() {
        return "taskbridge";
      }

      @Override
      public TaskFailureReporter sfn(SfnClient client, ReporterOptions options) {
        return SfnTaskClient.create(client, options);
      }

      @Override
      public TaskFailureReporter swf(SwfClient client, ReporterOptions options) {
        return SwfTaskClient.create(client, options);
      }
    };
  }
}
