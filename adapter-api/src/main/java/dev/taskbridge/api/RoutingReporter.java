package dev.taskbridge.api;

import java.util.EnumMap;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** Dispatches on the token's issuer; see {@link TaskFailureReporters#routing}. */
final class RoutingReporter implements TaskFailureReporter {

  private final EnumMap<Backend, TaskFailureReporter> reporters;
  private final Backend defaultBackend;

  RoutingReporter(EnumMap<Backend, TaskFailureReporter> reporters, Backend defaultBackend) {
    this.reporters = reporters;
    this.defaultBackend = defaultBackend;
  }

  @Override
  public Backend backend() {
    return defaultBackend;
  }

  @Override
  public void report(TaskToken token, TaskFailure failure) {
    TaskFailureReporter reporter = route(token);
    Objects.requireNonNull(failure, "failure");
    reporter.report(token, failure);
  }

  @Override
  public CompletableFuture<Void> reportAsync(TaskToken token, TaskFailure failure) {
    TaskFailureReporter reporter = route(token);
    Objects.requireNonNull(failure, "failure");
    return reporter.reportAsync(token, failure);
  }

  private TaskFailureReporter route(TaskToken token) {
    Objects.requireNonNull(token, "token");
    Backend backend = token.issuer().orElse(defaultBackend);
    TaskFailureReporter reporter = reporters.get(backend);
    if (reporter == null) {
      throw new InvalidTaskFailureException(
          "taskToken",
          "was issued by "
              + backend
              + " but no reporter is configured for it; have "
              + reporters.keySet());
    }
    return reporter;
  }

  @Override
  public String toString() {
    return "RoutingReporter[default=" + defaultBackend + ", backends=" + reporters.keySet() + "]";
  }
}
