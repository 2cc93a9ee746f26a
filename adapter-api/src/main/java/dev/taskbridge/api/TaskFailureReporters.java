package dev.taskbridge.api;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/** Factories for reporters that are not tied to one SDK client. */
public final class TaskFailureReporters {

  private TaskFailureReporters() {}

  /**
   * A reporter that sends each report to the backend that issued its token: the dual-backend and
   * migration case. Tokens without an {@linkplain TaskToken#issuer() issuer} go to {@code
   * defaultBackend}, which is also what {@link TaskFailureReporter#backend()} returns.
   *
   * @param reporters one reporter per backend; each must talk to the backend it is keyed by
   * @throws IllegalArgumentException if {@code defaultBackend} has no reporter, or a reporter is
   *     keyed by a backend it does not talk to
   */
  public static TaskFailureReporter routing(
      Map<Backend, ? extends TaskFailureReporter> reporters, Backend defaultBackend) {
    Objects.requireNonNull(reporters, "reporters");
    Objects.requireNonNull(defaultBackend, "defaultBackend");
    EnumMap<Backend, TaskFailureReporter> copy = new EnumMap<>(Backend.class);
    reporters.forEach(
        (backend, reporter) -> {
          if (reporter.backend() != backend) {
            throw new IllegalArgumentException(
                "reporter for " + backend + " talks to " + reporter.backend());
          }
          copy.put(backend, reporter);
        });
    if (!copy.containsKey(defaultBackend)) {
      throw new IllegalArgumentException(
          "no reporter for the default backend " + defaultBackend + "; have " + copy.keySet());
    }
    return new RoutingReporter(copy, defaultBackend);
  }
}
