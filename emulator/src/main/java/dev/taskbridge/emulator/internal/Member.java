package dev.taskbridge.emulator.internal;

/** A request member of one service, as its table of limits names it ({@link SwfLimits}, ...). */
interface Member {
  /** The member's wire name and limits. */
  Limit limit();
}
