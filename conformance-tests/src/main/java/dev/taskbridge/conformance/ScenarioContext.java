package dev.taskbridge.conformance;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.api.TaskClient;
import dev.taskbridge.api.TaskFailureReporter;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** What one backend's scenarios work with; built by {@link ConformanceKit}. */
final class ScenarioContext {

  /** Fast backoff: the scenarios test what is retried, not how long it waits. */
  static final ReporterOptions OPTIONS =
      ReporterOptions.builder()
          .initialBackoff(Duration.ofMillis(5))
          .maxBackoff(Duration.ofMillis(50))
          .deadline(Duration.ofSeconds(30))
          .maxAttempts(5)
          .build();

  final Backend backend;
  final String targetName;
  final BackendDriver driver;
  final AttemptCounter attempts;
  final String operation;
  private final Function<ReporterOptions, TaskFailureReporter> reporters;
  private final Set<Capability> capabilities;
  private final @Nullable TargetControl control;
  @Nullable String wireCode;

  ScenarioContext(
      Backend backend,
      String targetName,
      BackendDriver driver,
      AttemptCounter attempts,
      String operation,
      Function<ReporterOptions, TaskFailureReporter> reporters,
      Set<Capability> capabilities,
      @Nullable TargetControl control) {
    this.backend = backend;
    this.targetName = targetName;
    this.driver = driver;
    this.attempts = attempts;
    this.operation = operation;
    this.reporters = reporters;
    this.capabilities = capabilities;
    this.control = control;
  }

  TaskFailureReporter reporter() {
    return reporters.apply(OPTIONS);
  }

  TaskFailureReporter reporter(ReporterOptions options) {
    return reporters.apply(options);
  }

  /** The reporter under test as a whole-task client, or a skip when it is only a reporter. */
  TaskClient client() {
    TaskFailureReporter r = reporter();
    if (r instanceof TaskClient client) {
      return client;
    }
    throw new ScenarioSkipped(
        "the implementation under test is a TaskFailureReporter, not a TaskClient: lifecycle"
            + " rules need poll, succeed, heartbeat and cancel");
  }

  /** The control, or a skip naming the missing capability. */
  TargetControl require(Capability capability) {
    if (!capabilities.contains(capability) || control == null) {
      throw new ScenarioSkipped(
          "target " + targetName + " does not offer " + capability + " (needed by this scenario)");
    }
    return control;
  }

  boolean has(Capability capability) {
    return capabilities.contains(capability) && control != null;
  }
}
