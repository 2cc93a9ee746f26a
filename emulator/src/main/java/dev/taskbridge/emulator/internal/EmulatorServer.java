package dev.taskbridge.emulator.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP front end: one {@link HttpServer} serving both services on {@code POST /}, dispatching
 * on {@code X-Amz-Target}. Handlers never block: long polls park a future that a task hand-off, the
 * poll expiry or shutdown completes, and injected delays are scheduled, so a fixed pool of threads
 * serves any number of waiting pollers.
 */
public final class EmulatorServer implements AutoCloseable {
  private static final String SFN_PREFIX = "AWSStepFunctions.";
  private static final String SWF_PREFIX = "SimpleWorkflowService.";
  private static final String SWF_LEGACY_PREFIX =
      "com.amazonaws.swf.service.model.SimpleWorkflowService.";
  private static final String CONTENT_TYPE = "application/x-amz-json-1.0";
  private static final int DRAIN_LIMIT = 64 * 1024 * 1024;

  static {
    // The JDK server writes headers and body separately; without TCP_NODELAY, Nagle's algorithm
    // and delayed ACKs add ~40 ms to many keep-alive exchanges. Read once per JVM, at the first
    // HttpServer; an explicit setting by the application wins.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final Config cfg;
  private final FaultHook faults;
  private final @Nullable ControlPlane control;
  private final HttpServer server;
  private final ExecutorService workers;
  private final ScheduledThreadPoolExecutor scheduler;
  private final SfnEngine sfn;
  private final SwfEngine swf;
  private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final URI endpoint;
  private volatile boolean closed;

  /**
   * Starts serving on {@code bind} (port 0 = a free port), with the control plane under {@code
   * /_taskbridge/} if {@code control} is not null.
   */
  public EmulatorServer(
      Config cfg,
      FaultHook faults,
      @Nullable ControlHook control,
      InetSocketAddress bind,
      int threads)
      throws IOException {
    this.cfg = cfg;
    this.faults = faults;
    this.control = control == null ? null : new ControlPlane(control);
    AtomicInteger n = new AtomicInteger();
    this.workers =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "taskbridge-emulator-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.scheduler =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "taskbridge-emulator-timer");
              t.setDaemon(true);
              return t;
            });
    scheduler.setRemoveOnCancelPolicy(true);
    Tokens tokens = new Tokens();
    Executor completer =
        r -> {
          try {
            workers.execute(r);
          } catch (RejectedExecutionException e) {
            r.run();
          }
        };
    this.sfn = new SfnEngine(cfg, tokens, completer, scheduler);
    this.swf = new SwfEngine(cfg, tokens, completer, scheduler);
    this.server = HttpServer.create(bind, 1024);
    server.createContext("/", this::handle);
    server.setExecutor(workers);
    server.start();
    InetSocketAddress addr = server.getAddress();
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
    } catch (RuntimeException e) {
      // a sweep must never kill the ticker; the next request sweeps again
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

  static String normalize(String target) {
    if (target.startsWith(SWF_LEGACY_PREFIX)) {
      return SWF_PREFIX + target.substring(SWF_LEGACY_PREFIX.length());
    }
    return target;
  }

  // ------------------------------------------------------------------ request handling

  private void handle(HttpExchange ex) {
    String requestId = requestId();
    try {
      handle(ex, requestId);
    } catch (RuntimeException | IOException | Error e) {
      // never let a bug or a broken connection kill the server or leak the exchange
      ex.close();
    }
  }

  private void handle(HttpExchange ex, String requestId) throws IOException {
    byte[] body = readBody(ex);
    if (body == null) {
      send(
          ex,
          requestId,
          Reply.error(
              413,
              "com.amazon.coral.service#RequestEntityTooLargeException",
              "Request entity of more than " + cfg.maxRequestBytes + " bytes",
              null,
              null),
          true);
      return;
    }
    ControlPlane cp = control;
    if (cp != null && ControlPlane.isControlPath(ex.getRequestURI().getPath())) {
      ControlPlane.Answer a = cp.handle(ex.getRequestMethod(), ex.getRequestURI().getPath(), body);
      Headers h = ex.getResponseHeaders();
      h.set("Content-Type", "application/json");
      String allow = a.allow;
      if (allow != null) {
        h.set("Allow", allow);
      }
      ex.sendResponseHeaders(a.status, a.body.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(a.body);
      }
      ex.close();
      return;
    }
    if (!"POST".equals(ex.getRequestMethod())) {
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
    String rawTarget = ex.getRequestHeaders().getFirst("X-Amz-Target");
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
    String op;
    boolean isSfn;
    if (target.startsWith(SFN_PREFIX)
        && SfnEngine.OPS.contains(target.substring(SFN_PREFIX.length()))) {
      op = target.substring(SFN_PREFIX.length());
      isSfn = true;
    } else if (target.startsWith(SWF_PREFIX)
        && SwfEngine.OPS.contains(target.substring(SWF_PREFIX.length()))) {
      op = target.substring(SWF_PREFIX.length());
      isSfn = false;
    } else {
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
          ex.close();
          return;
        case DELAY:
          ScheduledFuture<?> unused =
              scheduler.schedule(
                  () -> workers.execute(() -> process(ex, requestId, op, isSfn, body, false)),
                  fault.delayMillis,
                  TimeUnit.MILLISECONDS);
          return;
        case DROP_AFTER:
          process(ex, requestId, op, isSfn, body, true);
          return;
      }
    }
    process(ex, requestId, op, isSfn, body, false);
  }

  private void process(
      HttpExchange ex, String requestId, String op, boolean isSfn, byte[] body, boolean drop) {
    CompletableFuture<Reply> f;
    try {
      if (closed) {
        throw new ApiException(
            503,
            "com.amazon.coral.availability#ServiceUnavailableException",
            "Emulator is shutting down");
      }
      Req r = Req.parse(body, cfg);
      f = isSfn ? sfn.dispatch(op, r) : swf.dispatch(op, r);
    } catch (ApiException e) {
      f = CompletableFuture.completedFuture(Reply.error(e));
    } catch (RuntimeException e) {
      f =
          CompletableFuture.completedFuture(
              Reply.error(
                  500,
                  "com.amazon.coral.service#InternalFailure",
                  "Internal failure: " + e,
                  null,
                  null));
    }
    CompletableFuture<Reply> unused =
        f.whenComplete(
            (reply, err) -> {
              if (drop) {
                ex.close();
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
              } catch (IOException | RuntimeException e) {
                ex.close();
              }
            });
  }

  /** Reads the body; null if it exceeds the limit (the excess is drained up to a bound). */
  private byte @Nullable [] readBody(HttpExchange ex) throws IOException {
    int max = cfg.maxRequestBytes;
    String cl = ex.getRequestHeaders().getFirst("Content-Length");
    long declared = -1;
    if (cl != null) {
      try {
        declared = Long.parseLong(cl.trim());
      } catch (NumberFormatException e) {
        declared = -1;
      }
    }
    InputStream in = ex.getRequestBody();
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(declared > 0 && declared <= max ? (int) declared : 256);
    byte[] buf = new byte[16384];
    long total = 0;
    int n;
    while ((n = in.read(buf)) > 0) {
      total += n;
      if (total <= max) {
        out.write(buf, 0, n);
      } else if (total > DRAIN_LIMIT) {
        break;
      }
    }
    if (total > max) {
      return null;
    }
    return out.toByteArray();
  }

  private void send(HttpExchange ex, String requestId, Reply reply, boolean closeConnection)
      throws IOException {
    Headers h = ex.getResponseHeaders();
    h.set("Content-Type", CONTENT_TYPE);
    h.set("x-amzn-RequestId", requestId);
    if (reply.errorCode != null && cfg.sendErrorTypeHeader) {
      h.set("x-amzn-ErrorType", reply.errorCode);
    }
    if (closeConnection) {
      h.set("Connection", "close");
    }
    if (reply.body.length == 0) {
      ex.sendResponseHeaders(reply.status, -1);
    } else {
      ex.sendResponseHeaders(reply.status, reply.body.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(reply.body);
      }
    }
    ex.close();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    sfn.shutdown();
    swf.shutdown();
    server.stop(0);
    scheduler.shutdownNow();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(2, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
