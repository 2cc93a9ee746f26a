package dev.taskbridge.conformance;

import java.time.Duration;

/** What the kit can do to a target beyond the public APIs; see {@link Capability}. */
public interface TargetControl {

  /**
   * Moves the target's clock forward so that timeouts fire.
   *
   * @throws UnsupportedOperationException without {@link Capability#CONTROLLABLE_CLOCK}
   */
  void advanceClock(Duration amount);

  /**
   * Answers the next {@code times} calls of {@code operation} (an {@code X-Amz-Target} such as
   * {@code AWSStepFunctions.SendTaskFailure}) with {@code fault}.
   *
   * @throws UnsupportedOperationException without {@link Capability#FAULT_INJECTION}
   */
  void inject(String operation, int times, InjectedFault fault);

  /** Removes every injected fault not yet used. */
  void clearFaults();
}
