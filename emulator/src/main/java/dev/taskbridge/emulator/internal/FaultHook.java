package dev.taskbridge.emulator.internal;

import org.jspecify.annotations.Nullable;

/** Decides, per request, whether an injected fault applies. */
@FunctionalInterface
public interface FaultHook {

  /** Returns the fault for this call of {@code target} (canonical form), or null for none. */
  @Nullable FaultAction next(String target);
}
