package dev.taskbridge.conformance;

import dev.taskbridge.api.Backend;

/** Hears a run's progress, e.g. to print it. Called on the running thread. */
public interface ConformanceListener {

  /** A scenario is about to run. */
  default void started(Rule rule, Backend backend) {}

  /** A scenario finished. */
  default void finished(Result result) {}

  /**
   * No scenario of {@code backend} could run: preparing it (the first calls through its public API)
   * failed for {@code reason}. Its cells are {@link Result.Status#ERROR}; neither {@link #started}
   * nor {@link #finished} is called for them.
   */
  default void unreachable(Backend backend, String reason) {}

  /** A listener that ignores everything. */
  static ConformanceListener silent() {
    return new ConformanceListener() {};
  }
}
