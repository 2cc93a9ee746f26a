package dev.taskbridge.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front end: one {@link HttpServer} serving both services on {@code POST /}, dispatching
 * on {@code X-Amz-Target}. Requests run on the server's engine executor and never wait on it: long
 * polls park a future that a task hand-off, the poll expiry or shutdown completes, and injected
 * delays are scheduled, so a few threads serve any number of waiting pollers.
 */
public final class EmulatorServer implements AutoCloseable {
  private static final String SFN_PREFIX = "AWSStepFunctions.";
  private static final String SWF_PREFIX = "SimpleWorkflowService.";
  private static final String SWF_LEGACY_PREFIX =
      "com.amazonaws.swf.service.model.SimpleWorkflowService.";
  private static final String CONTENT_TYPE = "application/x-amz-json-1.0";

  private static final Logger LOG = LoggerFactory.getLogger(EmulatorServer.class);

  private final Config cfg;
  private final FaultHook faults;
  private final @Nullable ControlPlane control;
  private final HttpServer server;
  private final ScheduledThreadPoolExecutor scheduler;
  private final SfnEngine sfn;
  private final SwfEngine swf;
  private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final URI endpoint;
  private volatile boolean closed;

  /**
   * Starts serving on {@code bind} (port 0 = a free port), with the control plane under {@code
   * /_taskbridge/} if {@code control} is not null; {@code threads} is the number of event loop
   * threads that move bytes, and of engine threads that run requests.
   */
  public EmulatorServer(
      Config cfg,
      ServerLimits limits,
      FaultHook faults,
      @Nullable ControlHook control,
      InetSocketAddress bind,
      int threads)
      throws IOException {
    this.cfg = cfg;
    this.faults = faults;
    this.scheduler = new Timer();
    Handler handler = new Handler();
    try {
      this.server = new HttpServer(bind, threads, cfg.maxRequestBytes, limits, handler, handler);
    } catch (IOException | RuntimeException e) {
      scheduler.shutdownNow();
      throw e;
    }
    this.control = control == null ? null : new ControlPlane(control, server.address());
    Executor engines = server.engine();
    // Completes parked polls away from the engine's lock and the timer thread.
    Executor completer =
        r -> {
          try {
            engines.execute(r);
          } catch (RejectedExecutionException e) {
            r.run();
          }
        };
    Tokens tokens = new Tokens();
    this.sfn = new SfnEngine(cfg, tokens, completer, scheduler);
    this.swf = new SwfEngine(cfg, tokens, completer, scheduler);
    InetSocketAddress addr = server.address();
    String host = addr.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    this.endpoint = URI.create("http://" + host + ":" + addr.getPort());
  }

  /** The base URI clients use as endpoint override. */
  public URI endpoint() {
    return endpoint;
  }

  /** Schedules a periodic timeout sweep every {@code periodMillis} of real time. */
  public void startTicker(long periodMillis) {
    ScheduledFuture<?> unused =
        scheduler.scheduleWithFixedDelay(
            this::tickSafely, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException | Error e) {
      // a sweep must never end the ticker; the next one (or the next request) sweeps again
      LOG.error("timeout sweep failed: {}", e.getClass().getName());
    }
  }

  /** Applies every timeout and retry that is due on the clock. */
  public void tick() {
    sfn.tick();
    swf.tick();
  }

  /** Calls seen per canonical target, including faulted and failed ones. */
  public Map<String, Long> counts() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  private static final int MAX_COUNTED_TARGETS = 1024;
  private static final String OTHER_TARGETS = "<other>";

  private void record(String target) {
    LongAdder a = counts.get(target);
    if (a == null) {
      // bound the map: arbitrary garbage targets must not grow it without limit
      String key = counts.size() < MAX_COUNTED_TARGETS ? target : OTHER_TARGETS;
      a = counts.computeIfAbsent(key, k -> new LongAdder());
    }
    a.increment();
  }

  /** Calls seen for one canonical target. */
  public long count(String target) {
    LongAdder a = counts.get(normalize(target));
    return a == null ? 0 : a.sum();
  }

  /** The rendered history of an SFN execution. */
  public List<JsonNode> sfnHistory(String executionArn) {
    return sfn.history(executionArn);
  }

  /** The Step Functions callback tasks waiting for their token, oldest first. */
  public List<dev.taskbridge.emulator.PendingCallback> sfnPendingCallbacks() {
    return sfn.pendingCallbacks();
  }

  /** Serves Step Functions Task states whose resource is {@code resource} with {@code handler}. */
  public void sfnTaskHandler(String resource, dev.taskbridge.emulator.TaskHandler handler) {
    sfn.registerTaskHandler(resource, handler);
  }

  /** The rendered history of an SWF run. */
  public List<JsonNode> swfHistory(String domain, String workflowId, String runId) {
    return swf.history(domain, workflowId, runId);
  }

  /** The number of started, not yet closed activity tasks (SFN, SWF). */
  public int[] openTasks() {
    return new int[] {sfn.openTaskCount(), swf.openTaskCount()};
  }

  /** A random version-4 UUID from a non-blocking source: request ids need not be secret. */
  static String requestId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo).toString();
  }

  private static boolean isSfnTarget(@Nullable String target) {
    return target != null && target.trim().startsWith(SFN_PREFIX);
  }

  static String normalize(String target) {
    if (target.startsWith(SWF_LEGACY_PREFIX)) {
      return SWF_PREFIX + target.substring(SWF_LEGACY_PREFIX.length());
    }
    return target;
  }

  // ------------------------------------------------------------------ request handling

  /** Request body bytes held now by the HTTP server, all connections together. */
  public long bufferedBytes() {
    return server.bufferedBytes();
  }

  /** Connections open now. */
  public int openConnections() {
    return server.openConnections();
  }

  /**
   * The timer thread of the poll expiries, injected delays and the sweep: whatever a task throws is
   * logged (by type) and the thread goes on.
   */
  private static final class Timer extends ScheduledThreadPoolExecutor {
    Timer() {
      super(1, new DefaultThreadFactory("taskbridge-emulator-timer", true));
      setRemoveOnCancelPolicy(true);
    }

    @Override
    protected void afterExecute(Runnable r, @Nullable Throwable t) {
      super.afterExecute(r, t);
      Throwable failure = t;
      if (failure == null && r instanceof Future<?> f && f.isDone() && !f.isCancelled()) {
        try {
          f.get();
        } catch (ExecutionException e) {
          failure = e.getCause();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (CancellationException e) {
          // cancelled: nothing went wrong
        }
      }
      if (failure != null) {
        LOG.error("timer task failed: {}", failure.getClass().getName());
      }
    }
  }

  /**
   * Bodies larger than this are parsed and handled on the engine executor rather than on the event
   * loop (a state machine definition of up to a million characters takes milliseconds to check).
   */
  private static final int ON_LOOP_MAX_BODY = 64 * 1024;

  /** Adapts the HTTP server's callbacks. */
  private final class Handler implements ServiceHandler.Service, RequestGate.Refusals {
    /**
     * Called on the event loop. The AWS operations run right here: they are microseconds of work
     * under an engine's lock and never wait (a long poll parks a future), and a hand-off to another
     * thread and back would cost more than they do. What may take long runs on the engine executor:
     * the control plane (a clock advance applies every timeout that falls due), large bodies, and,
     * once a task handler is registered, every Step Functions request (a handler is user code, run
     * inside the operation that reaches its state).
     */
    @Override
    public void handle(HttpExchange ex) {
      String requestId = requestId();
      ControlPlane cp = control;
      boolean offLoop =
          (cp != null && ControlPlane.isControlPath(ex.path))
              || ex.body.length > ON_LOOP_MAX_BODY
              || (sfn.hasTaskHandlers() && isSfnTarget(ex.amzTarget));
      if (!offLoop) {
        guarded(ex, requestId);
        return;
      }
      try {
        ex.execute(() -> guarded(ex, requestId));
      } catch (RejectedExecutionException e) {
        ex.drop(); // the engine executor is shut down: the emulator is closing
      }
    }

    private void guarded(HttpExchange ex, String requestId) {
      try {
        EmulatorServer.this.handle(ex, requestId);
      } catch (RuntimeException | Error e) {
        // never let a bug kill the server or leak the exchange
        LOG.error("request failed: {}", e.getClass().getName());
        ex.drop();
      }
    }

    @Override
    public void refuse(HttpExchange ex, int status, String reason) {
      Reply reply =
          status == 413
              ? Reply.error(
                  413,
                  "com.amazon.coral.service#RequestEntityTooLargeException",
                  "Request entity of more than " + cfg.maxRequestBytes + " bytes",
                  null,
                  null)
              : Reply.error(status, protocolErrorType(status), reason, null, null);
      send(ex, requestId(), reply, true);
    }
  }

  /** The {@code __type} of an answer to a request that is not valid HTTP/1.1 as we take it. */
  private static String protocolErrorType(int status) {
    switch (status) {
      case 431:
        return "RequestHeaderFieldsTooLarge";
      case 503:
        return "com.amazon.coral.availability#ServiceUnavailableException";
      case 501:
        return "NotImplemented";
      case 505:
        return "HttpVersionNotSupported";
      default:
        return "BadRequest";
    }
  }

  private void handle(HttpExchange ex, String requestId) {
    ControlPlane cp = control;
    String path = ex.path;
    if (cp != null && ControlPlane.isControlPath(path)) {
      ControlPlane.Answer a = cp.handle(ex);
      String allow = a.allow;
      String[] headers =
          allow == null
              ? new String[] {"Content-Type", "application/json"}
              : new String[] {"Content-Type", "application/json", "Allow", allow};
      ex.send(a.status, headers, a.body, false);
      return;
    }
    if (!"POST".equals(ex.method)) {
      send(
          ex,
          requestId,
          Reply.error(
              400,
              ApiException.UNKNOWN_OPERATION,
              "Only POST is supported by AWS JSON 1.0 services",
              null,
              null),
          false);
      return;
    }
    String rawTarget = ex.amzTarget;
    if (rawTarget == null || rawTarget.isEmpty()) {
      send(
          ex,
          requestId,
          Reply.error(
              400, ApiException.UNKNOWN_OPERATION, "Missing X-Amz-Target header", null, null),
          false);
      return;
    }
    String target = normalize(rawTarget.trim());
    record(target);
    boolean isSfn = target.startsWith(SFN_PREFIX);
    int opStart =
        isSfn ? SFN_PREFIX.length() : target.startsWith(SWF_PREFIX) ? SWF_PREFIX.length() : -1;
    String op = opStart < 0 ? "" : target.substring(opStart);
    if (opStart < 0 || !(isSfn ? SfnEngine.OPS : SwfEngine.OPS).contains(op)) {
      send(
          ex,
          requestId,
          Reply.error(
              400, ApiException.UNKNOWN_OPERATION, "Unknown operation: " + target, null, null),
          false);
      return;
    }
    FaultAction fault = faults.next(target);
    if (fault != null) {
      switch (fault.kind) {
        case ERROR:
          send(
              ex,
              requestId,
              Reply.error(
                  fault.status, fault.type, fault.message, fault.extraKey, fault.extraValue),
              false);
          return;
        case DROP_BEFORE:
          ex.drop();
          return;
        case DELAY:
          ScheduledFuture<?> unused =
              scheduler.schedule(
                  () -> ex.execute(() -> process(ex, requestId, op, isSfn, false)),
                  fault.delayMillis,
                  TimeUnit.MILLISECONDS);
          return;
        case DROP_AFTER:
          process(ex, requestId, op, isSfn, true);
          return;
      }
    }
    process(ex, requestId, op, isSfn, false);
  }

  private void process(HttpExchange ex, String requestId, String op, boolean isSfn, boolean drop) {
    CompletableFuture<Reply> f;
    try {
      if (closed) {
        throw new ApiException(
            503,
            "com.amazon.coral.availability#ServiceUnavailableException",
            "Emulator is shutting down");
      }
      Req r = Req.parse(ex.body, cfg);
      f = isSfn ? sfn.dispatch(op, r) : swf.dispatch(op, r);
    } catch (ApiException e) {
      f = CompletableFuture.completedFuture(Reply.error(e));
    } catch (RuntimeException e) {
      LOG.error("{} failed: {}", op, e.getClass().getName());
      f =
          CompletableFuture.completedFuture(
              Reply.error(
                  500,
                  "com.amazon.coral.service#InternalFailure",
                  // The type only: the message of a bug may quote the request (a token, a cause).
                  "Internal failure: " + e.getClass().getName(),
                  null,
                  null));
    }
    CompletableFuture<Reply> unused =
        f.whenComplete(
            (reply, err) -> {
              if (err != null) {
                LOG.error("{} failed: {}", op, err.getClass().getName());
              }
              if (drop) {
                ex.drop();
                return;
              }
              Reply out =
                  reply != null
                      ? reply
                      : Reply.error(
                          500,
                          "com.amazon.coral.service#InternalFailure",
                          "Internal failure",
                          null,
                          null);
              try {
                send(ex, requestId, out, false);
              } catch (RuntimeException e) {
                LOG.error("answering {} failed: {}", op, e.getClass().getName());
                ex.drop();
              }
            });
  }

  private void send(HttpExchange ex, String requestId, Reply reply, boolean closeConnection) {
    String errorCode = reply.errorCode;
    String[] headers =
        errorCode != null && cfg.sendErrorTypeHeader
            ? new String[] {
              "Content-Type", CONTENT_TYPE,
              "x-amzn-RequestId", requestId,
              "x-amzn-ErrorType", errorCode
            }
            : new String[] {"Content-Type", CONTENT_TYPE, "x-amzn-RequestId", requestId};
    ex.send(reply.status, headers, reply.body, closeConnection);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // parked polls are answered first; the server then lets those answers out before it closes
    sfn.shutdown();
    swf.shutdown();
    server.close();
    scheduler.shutdownNow();
  }
}
