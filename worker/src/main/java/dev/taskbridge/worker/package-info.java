/**
 * {@link dev.taskbridge.worker.ActivityWorker}: runs {@link dev.taskbridge.worker.ActivityHandler}s
 * for the tasks of SWF task lists or Step Functions activities over any {@link
 * dev.taskbridge.api.TaskClient}, with pollers apart from handler threads, automatic heartbeats,
 * per-backend cancellation and a shutdown that never loses a task that was handed out.
 *
 * <p>Everything but the public types is package-private. Tokens, inputs, results and details never
 * appear in a log line, an exception message or a {@code toString()}.
 */
@NullMarked
package dev.taskbridge.worker;

import org.jspecify.annotations.NullMarked;
