/**
 * The Amazon SWF binding: a {@link dev.taskbridge.api.TaskFailureReporter} that sends {@code
 * RespondActivityTaskFailed(taskToken, reason, details)} through an AWS SDK for Java v2 {@code
 * SwfClient} or {@code SwfAsyncClient}. Start at {@link dev.taskbridge.swf.SwfTaskFailureReporter}.
 */
@NullMarked
package dev.taskbridge.swf;

import org.jspecify.annotations.NullMarked;
