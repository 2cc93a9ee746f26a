/**
 * Reliability and security tests: soak under injected faults, dropped answers, fuzzing of the
 * emulator's HTTP surface and of the public API, secrets in logs, emulator safety.
 */
@NullMarked
package dev.taskbridge.reliability;

import org.jspecify.annotations.NullMarked;
