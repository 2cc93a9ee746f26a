package dev.taskbridge.worker;

import org.jspecify.annotations.Nullable;

/**
 * What a handler can tell the backend about its task while it works on it, and learn from it.
 *
 * <p>The worker heartbeats on its own at the interval derived from the source's declared heartbeat
 * timeout (see {@link HandlerOptions}); a handler need not call {@link #heartbeat} at all. When it
 * does, the details are sent with the next heartbeat, never more often than that interval.
 *
 * <p><b>How to stop.</b> When SWF asks for the task to be cancelled, or a heartbeat finds the task
 * gone (Step Functions {@code TaskTimedOut} after a timeout or {@code StopExecution}, SWF {@code
 * UnknownResourceFault}), {@link #cancelRequested()} or {@link #taskGone()} turns true and {@link
 * #heartbeat} throws {@link ActivityStoppedException}. A handler that heartbeats in its loop stops
 * by letting that exception propagate; one that does not, checks the two methods. The worker never
 * interrupts a handler for these signals (only when a shutdown's grace ends). Either way the worker
 * then answers as the backend expects: cancelled, or nothing for a task that is gone.
 *
 * <p>The worker's contexts are thread-safe. Tests of a handler may implement this interface.
 */
public interface ActivityContext {

  /**
   * Records progress {@code details} for the next heartbeat and says the handler is alive.
   *
   * <p>Never blocks and never sends on the calling thread; a heartbeat that fails on the network is
   * logged and retried at the next interval, never thrown here. Details are sent on SWF only (up to
   * 2048 characters); Step Functions' API takes none.
   *
   * @throws ActivityStoppedException once a cancellation was requested or the task is gone
   */
  void heartbeat(@Nullable String details);

  /**
   * True once SWF asked for this task to be cancelled ({@code RequestCancelActivityTask}); never
   * true on Step Functions, which has no such request. Once true, the task is answered as cancelled
   * however the handler ends.
   */
  boolean cancelRequested();

  /**
   * True once a heartbeat found the task gone: closed, timed out, or (Step Functions) its execution
   * stopped. Nothing is sent for the task any more, whatever the handler returns.
   */
  boolean taskGone();
}
