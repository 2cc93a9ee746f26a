/**
 * The backend-neutral API of taskbridge: one {@link dev.taskbridge.api.TaskFailureReporter} for
 * Amazon SWF ({@code RespondActivityTaskFailed}) and AWS Step Functions ({@code SendTaskFailure}).
 *
 * <p>Nothing in this package depends on the AWS SDK. Task tokens are bearer credentials and a
 * failure's error and cause may hold personal data: no type here prints them in {@code toString()}
 * or in an exception message.
 */
@NullMarked
package dev.taskbridge.api;

import org.jspecify.annotations.NullMarked;
