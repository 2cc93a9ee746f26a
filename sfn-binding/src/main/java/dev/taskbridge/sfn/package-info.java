/**
 * The AWS Step Functions binding: a {@link dev.taskbridge.api.TaskFailureReporter} that sends
 * {@code SendTaskFailure(taskToken, error, cause)} through an AWS SDK for Java v2 {@code SfnClient}
 * or {@code SfnAsyncClient}. Start at {@link dev.taskbridge.sfn.SfnTaskFailureReporter}.
 */
@NullMarked
package dev.taskbridge.sfn;

import org.jspecify.annotations.NullMarked;
