/** A local, wire-faithful emulator of the SWF and Step Functions activity-task APIs. */
@NullMarked
package dev.taskbridge.emulator;

import org.jspecify.annotations.NullMarked;
