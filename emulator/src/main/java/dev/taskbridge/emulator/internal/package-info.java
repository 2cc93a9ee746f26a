/**
 * Implementation of the emulator: the HTTP front end, request validation and the SWF and Step
 * Functions engines. Not an API; subject to change without notice.
 */
@NullMarked
package dev.taskbridge.emulator.internal;

import org.jspecify.annotations.NullMarked;
