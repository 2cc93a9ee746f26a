package dev.taskbridge.conformance;

import dev.taskbridge.api.Backend;

/** Hears a run's progress, e.g. to print it. Called on the running thread. */
public interface ConformanceListener {

  /** A scenario is about to run. */
  default void started(Rule rule, Backend backend) {}

  /** A scenario finished. */
  default void finished(Result result) {}

  /** A listener that ignores everything. */
  static ConformanceListener silent() {
    return new ConformanceListener() {};
  }
}
