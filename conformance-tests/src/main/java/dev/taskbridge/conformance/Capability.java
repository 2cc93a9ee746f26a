package dev.taskbridge.conformance;

/**
 * What a target lets the kit do beyond the services' public APIs. A scenario that needs a
 * capability the target lacks is reported as skipped, with the capability named as the reason.
 */
public enum Capability {
  /** Time can be advanced on demand, so timeout scenarios run without waiting. */
  CONTROLLABLE_CLOCK,
  /**
   * The next calls of an operation can be answered with a chosen error, or their answer dropped:
   * throttling, 5xx, permission and KMS refusals, lost answers.
   */
  FAULT_INJECTION
}
