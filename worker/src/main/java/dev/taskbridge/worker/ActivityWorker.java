package dev.taskbridge.worker;

import dev.taskbridge.api.TaskClient;
import dev.taskbridge.api.TaskSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs activity handlers for the tasks of SWF task lists or Step Functions activities, over one
 * {@link TaskClient}: the same handler, on either backend, by configuration alone.
 *
 * <pre>{@code
 * try (ActivityWorker worker =
 *     ActivityWorker.builder(SfnTaskClient.create(sfn))          // or SwfTaskClient.create(swf)
 *         .handle(TaskSource.sfnActivity(activityArn), new ChargeCard(),
 *             HandlerOptions.defaults().withHeartbeatTimeout(Duration.ofSeconds(30)))
 *         .identity("billing-worker-1")
 *         .concurrency(16)
 *         .build()) {
 *   worker.start();
 *   awaitStopSignal();
 * } // close(): a shutdown with DEFAULT_GRACE
 * }</pre>
 *
 * <p><b>Threads.</b> Pollers are apart from handler threads: each source has {@link
 * HandlerOptions#pollers()} poll loops, and one of the {@linkplain Builder#concurrency concurrency}
 * handler slots is reserved before each poll, so no task is taken that cannot start at once. Poll
 * errors back off exponentially with full jitter (from a larger base when the backend throttles or
 * answers {@code ActivityWorkerLimitExceeded}); no failure stops a poller.
 *
 * <p><b>Answers.</b> A handler's result is sent with {@link TaskClient#succeed}; one the binding
 * refuses before sending (over the limit, or on Step Functions not JSON) fails the task at once
 * with {@link #RESULT_REJECTED}. A thrown exception is sent as {@code TaskFailure.from(e)}. After
 * an SWF cancellation request the task is answered with {@link TaskClient#cancel} however the
 * handler ends; after a heartbeat found the task gone, nothing is sent. Each task gets exactly one
 * answer; an answer the backend refuses is logged (fingerprint only) and dropped.
 *
 * <p><b>Shutdown never loses a task.</b> {@link #shutdown} stops issuing polls but never abandons
 * one in flight (a poll cut off on the client side may still hand out a task on the server side,
 * which then waits for its timeout: the field's "lost task"). It keeps the client open, waits for
 * every poll in flight to return (up to the backend's 60 s hold), runs every task they return while
 * the grace lasts, and fails at once with {@link #WORKER_SHUTDOWN} each task the grace cannot fit
 * (one still running when it ends, its handler interrupted, or one returned after it), so that the
 * workflow can retry it now instead of at its timeout. It returns when every task is answered, with
 * no worker thread left running (but for a handler that ignores its interrupt).
 *
 * <p>The worker borrows the client and never closes it. Thread-safe; logs through {@link
 * System.Logger} under this class's name, never a token, input, result or details.
 */
public final class ActivityWorker implements AutoCloseable {

  /**
   * The error code of a task whose result the binding refused before sending it (longer than the
   * backend's limit, or on Step Functions not valid JSON); the cause names the field and the limit.
   * Retrying runs the same handler again, so it is a fault of the handler, not of the backend.
   */
  public static final String RESULT_REJECTED = "dev.taskbridge.ResultRejected";

  /**
   * The error code of a task failed because the worker shut down before it could be worked on to
   * the end (returned by a poll after the grace, or still running when it ended). Retryable: the
   * task was not completed, so give it a {@code Retry} with {@code ErrorEquals} of this code (or a
   * decider's reschedule).
   */
  public static final String WORKER_SHUTDOWN = "dev.taskbridge.WorkerShutdown";

  /** The grace of {@link #close()}: 30 s. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

  /** The handler slots unless set: 10. */
  public static final int DEFAULT_CONCURRENCY = 10;

  /** The most handler slots a worker takes: 4096. */
  public static final int MAX_CONCURRENCY = 4096;

  private static final AtomicInteger WORKERS = new AtomicInteger();

  private final TaskClient client;
  private final Map<TaskSource, Registration> registrations;
  private final @Nullable String identity;
  private final int concurrency;
  private final @Nullable WorkerTimer injectedTimer;
  private final DoubleSupplier random;
  private final Lifecycle<TaskRun> lifecycle = new Lifecycle<>();
  private final Slots slots;
  private final String name = "taskbridge-worker-" + WORKERS.incrementAndGet();

  // Set by start(); read under this object's lock once the lifecycle terminated.
  private volatile @Nullable Threads threads;
  private @Nullable WorkerTimer ownTimer; // guarded by this

  private record Registration(ActivityHandler handler, HandlerOptions options) {}

  private record Threads(ExecutorService pollers, ExecutorService handlers) {}

  private ActivityWorker(Builder b) {
    this.client = b.client;
    this.registrations = Map.copyOf(b.registrations);
    this.identity = b.identity;
    this.concurrency = b.concurrency;
    this.injectedTimer = b.timer;
    this.random = b.random;
    this.slots = new Slots(concurrency);
  }

  /**
   * Starts a worker over {@code client}, which it borrows: the caller creates and closes it.
   *
   * @throws NullPointerException if {@code client} is null
   */
  public static Builder builder(TaskClient client) {
    return new Builder(client);
  }

  /**
   * Starts polling every source.
   *
   * @throws IllegalStateException if started or shut down before
   */
  public synchronized void start() {
    lifecycle.start();
    int loops = 0;
    for (Registration r : registrations.values()) {
      loops += r.options().pollers();
    }
    WorkerTimer timer = timer();
    Threads t =
        new Threads(
            Executors.newFixedThreadPool(loops, daemonThreads(name + "-poller-")),
            Executors.newFixedThreadPool(concurrency, daemonThreads(name + "-handler-")));
    threads = t;
    WorkerParts parts =
        new WorkerParts(
            client, identity, slots, lifecycle, timer, t.pollers(), t.handlers(), random);
    List<PollLoop> all = new ArrayList<>();
    registrations.forEach(
        (source, r) -> {
          for (int i = 0; i < r.options().pollers(); i++) {
            all.add(new PollLoop(parts, source, r.handler(), r.options()));
          }
        });
    all.forEach(PollLoop::next);
  }

  /**
   * Stops polling and blocks until every handed-out task is answered; see the class comment.
   * Handlers get until {@code grace} has passed; a task the grace cannot fit is failed at once with
   * {@link #WORKER_SHUTDOWN}. Polls in flight are waited for even past the grace (they return
   * within the backend's 60 s hold). A worker never started just ends. Calling it again, or
   * concurrently, waits for the same end. An interrupted caller ends the grace at once, and the
   * interrupt flag is kept.
   *
   * @throws IllegalArgumentException if {@code grace} is negative
   */
  public void shutdown(Duration grace) {
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative, was " + grace);
    }
    boolean last = lifecycle.shutdown(grace, timer(), slots::close, ActivityWorker::failAll);
    if (!last) {
      return;
    }
    Threads started;
    WorkerTimer owned;
    synchronized (this) { // a start() under way has finished creating its threads
      started = threads;
      owned = ownTimer;
    }
    if (started != null) {
      started.pollers().shutdown();
      started.handlers().shutdown();
      awaitQuietly(started.pollers());
      awaitQuietly(started.handlers());
    }
    if (owned != null) {
      owned.close();
    }
  }

  /** The injected timer, else one of the worker's own, created on first use. */
  private synchronized WorkerTimer timer() {
    if (injectedTimer != null) {
      return injectedTimer;
    }
    WorkerTimer t = ownTimer;
    if (t == null) {
      t = WorkerTimer.system(name + "-timer");
      ownTimer = t;
    }
    return t;
  }

  /** {@link #shutdown} with {@link #DEFAULT_GRACE}. */
  @Override
  public void close() {
    shutdown(DEFAULT_GRACE);
  }

  static int checkConcurrency(int concurrency) {
    if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw new IllegalArgumentException(
          "concurrency must be 1 to " + MAX_CONCURRENCY + ", was " + concurrency);
    }
    return concurrency;
  }

  private static void failAll(List<TaskRun> runs) {
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    for (TaskRun run : runs) {
      if (run.claim()) {
        sent.add(run.failForShutdown());
      }
    }
    CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
  }

  private static void awaitQuietly(ExecutorService executor) {
    try {
      // Pollers have returned and handlers were interrupted: this is short but for a handler that
      // ignores its interrupt, which is then left to end on its own (its answer was already sent).
      if (!executor.awaitTermination(1, TimeUnit.SECONDS)) {
        System.getLogger(ActivityWorker.class.getName())
            .log(System.Logger.Level.WARNING, "a handler ignored its interrupt and still runs");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The lifecycle's state, for tests. */
  Lifecycle.State state() {
    return lifecycle.state();
  }

  /** The prefix of the worker's thread names, for tests. */
  String name() {
    return name;
  }

  /** The handler slots, for tests. */
  Slots slots() {
    return slots;
  }

  /** The worker's name (its threads' prefix), its sources and its settings; never a secret. */
  @Override
  public String toString() {
    return "ActivityWorker["
        + name
        + ", backend="
        + client.backend()
        + ", sources="
        + registrations.keySet()
        + ", concurrency="
        + concurrency
        + ", state="
        + lifecycle.state()
        + "]";
  }

  /** Configures an {@link ActivityWorker}; not thread-safe. */
  public static final class Builder {
    private final TaskClient client;
    private final Map<TaskSource, Registration> registrations = new LinkedHashMap<>();
    private @Nullable String identity;
    private int concurrency = DEFAULT_CONCURRENCY;
    private @Nullable WorkerTimer timer;
    private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

    private Builder(TaskClient client) {
      this.client = Objects.requireNonNull(client, "client");
    }

    /** Serves {@code source} with {@code handler} and {@link HandlerOptions#defaults()}. */
    public Builder handle(TaskSource source, ActivityHandler handler) {
      return handle(source, handler, HandlerOptions.defaults());
    }

    /**
     * Serves {@code source} with {@code handler}; repeat for more sources.
     *
     * @throws IllegalArgumentException if the source belongs to another backend than the client's,
     *     or is already served
     */
    public Builder handle(TaskSource source, ActivityHandler handler, HandlerOptions options) {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(handler, "handler");
      Objects.requireNonNull(options, "options");
      if (source.backend() != client.backend()) {
        throw new IllegalArgumentException(
            "source "
                + source
                + " belongs to "
                + source.backend()
                + ", the client to "
                + client.backend());
      }
      if (registrations.containsKey(source)) {
        throw new IllegalArgumentException("source " + source + " already has a handler");
      }
      registrations.put(source, new Registration(handler, options));
      return this;
    }

    /**
     * The worker's name, sent with every poll (SWF {@code identity}, Step Functions {@code
     * workerName}, mapped and checked by the binding); none by default.
     */
    public Builder identity(@Nullable String identity) {
      this.identity = identity;
      return this;
    }

    /**
     * How many tasks run at once: the handler threads and slots ({@value #DEFAULT_CONCURRENCY} by
     * default).
     *
     * @throws IllegalArgumentException if not between 1 and {@value #MAX_CONCURRENCY}
     */
    public Builder concurrency(int concurrency) {
      this.concurrency = checkConcurrency(concurrency);
      return this;
    }

    /** The timer for backoff, heartbeats and the shutdown deadline; for virtual-time tests. */
    Builder timer(WorkerTimer timer) {
      this.timer = timer;
      return this;
    }

    /** The source of jitter draws in [0, 1); for tests. */
    Builder random(DoubleSupplier random) {
      this.random = random;
      return this;
    }

    /**
     * The worker, not yet started.
     *
     * @throws IllegalStateException if no source has a handler
     */
    public ActivityWorker build() {
      if (registrations.isEmpty()) {
        throw new IllegalStateException("the worker serves no source: call handle(...) first");
      }
      return new ActivityWorker(this);
    }
  }
}
