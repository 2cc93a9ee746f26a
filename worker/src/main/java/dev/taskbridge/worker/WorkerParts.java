package dev.taskbridge.worker;

import dev.taskbridge.api.TaskClient;
import java.util.concurrent.Executor;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * What a running worker's poll loops and task runs share.
 *
 * @param client the backend; borrowed, never closed by the worker
 * @param identity the worker name sent with every poll, or null for none
 * @param slots the handler slots, one reserved before each poll
 * @param lifecycle the shutdown state machine over the outstanding tasks
 * @param timer backoff, heartbeats and the shutdown deadline
 * @param pollers the threads that poll, one per poll loop
 * @param handlers the threads that run handlers, one per slot
 * @param random uniform draws in [0, 1) for backoff jitter
 */
record WorkerParts(
    TaskClient client,
    @Nullable String identity,
    Slots slots,
    Lifecycle<TaskRun> lifecycle,
    WorkerTimer timer,
    Executor pollers,
    Executor handlers,
    DoubleSupplier random) {}
