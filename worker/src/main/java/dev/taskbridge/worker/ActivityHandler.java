package dev.taskbridge.worker;

import dev.taskbridge.api.ActivityTask;
import dev.taskbridge.api.TaskFailure;
import org.jspecify.annotations.Nullable;

/**
 * The work of one activity: the same code, whichever backend handed the task out.
 *
 * <p>The worker calls it on one of its handler threads, once per task, and answers the backend with
 * what it does:
 *
 * <ul>
 *   <li>returns: the value is the result (SWF {@code result}) or output (Step Functions {@code
 *       output}, which must be JSON; null is the binding's documented empty value). A value that
 *       breaks the backend's rules fails the task at once with {@link
 *       ActivityWorker#RESULT_REJECTED};
 *   <li>throws: the task is failed with {@link TaskFailure#from(Throwable)}, so an exception's
 *       {@code @ErrorCode} or class name is what a {@code Catch} or a decider matches;
 *   <li>after a cancellation request (SWF only), however it ends: the task is answered as
 *       cancelled;
 *   <li>after the backend said the task is gone: nothing is sent.
 * </ul>
 *
 * <p>Implementations must be thread-safe when the worker's concurrency is above one.
 */
@FunctionalInterface
public interface ActivityHandler {

  /**
   * Works on {@code task}.
   *
   * @param task the task: its input, its source and (SWF) its activity type and workflow
   * @param context heartbeats and the cancellation and task-gone signals of this task
   * @return the result or output, or null for none
   * @throws Exception to fail the task with {@link TaskFailure#from(Throwable)}
   */
  @Nullable String handle(ActivityTask task, ActivityContext context) throws Exception;
}
