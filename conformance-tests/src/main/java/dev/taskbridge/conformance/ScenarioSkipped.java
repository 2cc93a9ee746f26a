package dev.taskbridge.conformance;

/** Thrown by a scenario the target cannot run; reported as skipped with the reason. */
final class ScenarioSkipped extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ScenarioSkipped(String reason) {
    super(reason, null, false, false);
  }
}
