package dev.taskbridge.conformance;

import dev.taskbridge.api.Backend;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One cell of the matrix: how a rule fared on a backend.
 *
 * @param rule the rule
 * @param backend the backend
 * @param status pass, fail, skip or error
 * @param detail for a failure what went wrong, for a skip why, for an error why the scenario could
 *     not run; empty for a pass
 * @param wireCode the wire error code the scenario's refusal carried, if any
 * @param elapsed how long the scenario took
 */
public record Result(
    Rule rule,
    Backend backend,
    Status status,
    String detail,
    @Nullable String wireCode,
    Duration elapsed) {

  /** The outcome of a scenario. Skipped is never counted as passed. */
  public enum Status {
    /** The rule held. */
    PASS,
    /** The rule was broken: the scenario ran and saw a wrong answer. */
    FAIL,
    /** The target cannot run the scenario (a missing capability, not applicable). */
    SKIP,
    /**
     * The scenario could not run: its set-up or read-back through the public APIs got no usable
     * answer (endpoint down, backend not served). Nothing was decided about the rule.
     */
    ERROR
  }
}
