package dev.taskbridge.emulator.internal;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** What the control plane may do to one emulator; implemented by the public front class. */
public interface ControlHook {

  /** Whether the clock can be advanced (a manual or offset clock). */
  boolean clockControllable();

  /**
   * Advances the clock by {@code millis} and applies what fell due; returns the new time in epoch
   * milliseconds.
   *
   * @throws IllegalStateException if the clock cannot be advanced
   */
  long advanceClock(long millis);

  /**
   * Adds a rule answering the next {@code times} calls matching {@code selector} (already
   * validated) with the fault named {@code fault}; returns the rule's id.
   *
   * @throws IllegalArgumentException if the fault name or its parameters are invalid
   */
  String addFault(
      String selector, int times, String fault, @Nullable String keyState, @Nullable Long millis);

  /** Removes every rule. */
  void clearFaults();

  /** The rules added and not cleared, in order. */
  List<RuleInfo> faults();

  /** The Step Functions callback tasks waiting for their token, oldest first. */
  default List<dev.taskbridge.emulator.PendingCallback> pendingCallbacks() {
    return List.of();
  }

  /** A rule as the control plane lists it. */
  record RuleInfo(String id, String selector, String fault, int applied, int remaining) {}
}
