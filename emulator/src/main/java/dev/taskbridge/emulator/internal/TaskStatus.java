package dev.taskbridge.emulator.internal;

/** Where an SWF activity task or an SFN task is in its life. */
enum TaskStatus {
  /** Waiting for a worker to take it. */
  SCHEDULED,
  /** Taken by a worker (or, for an SFN callback, sent). */
  STARTED,
  /** Finished: completed, failed, timed out or canceled. */
  CLOSED
}
