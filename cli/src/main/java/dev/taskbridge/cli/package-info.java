/**
 * The {@code taskbridge} command: {@code conformance}, {@code report} and {@code emulator}.
 *
 * <p>Not an API: {@link dev.taskbridge.cli.TaskbridgeCli#run} is the one entry point, for the
 * launcher and the tests.
 */
@NullMarked
package dev.taskbridge.cli;

import org.jspecify.annotations.NullMarked;
