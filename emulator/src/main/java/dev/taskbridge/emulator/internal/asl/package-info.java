/**
 * The Amazon States Language interpreter of the emulator: the parsed definition ({@link
 * dev.taskbridge.emulator.internal.asl.Model}), its parser and validator, the data flow (JSONPath
 * through json-path, JSONata through dashjoin's jsonata, the intrinsic functions) and the
 * event-driven runtime that the Step Functions engine drives.
 */
@NullMarked
package dev.taskbridge.emulator.internal.asl;

import org.jspecify.annotations.NullMarked;
