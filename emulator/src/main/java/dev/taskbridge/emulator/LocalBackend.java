package dev.taskbridge.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.taskbridge.emulator.internal.Config;
import dev.taskbridge.emulator.internal.ControlHook;
import dev.taskbridge.emulator.internal.EmulatorServer;
import dev.taskbridge.emulator.internal.ServerLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A running emulator of the SWF and Step Functions activity-task APIs on one loopback HTTP port.
 *
 * <p>Point unmodified AWS SDK v2 clients at {@link #endpoint()} with {@code endpointOverride}; any
 * region and credentials are accepted (signatures are not verified). Control time through {@link
 * #clock()} (a {@link ManualClock} if one was configured) and misbehaviour through {@link
 * #faults()}. Close it to release the port; closing answers waiting long polls with an empty task.
 *
 * <pre>{@code
 * try (LocalBackend backend = LocalBackend.start()) {
 *   SfnClient sfn = SfnClient.builder().endpointOverride(backend.endpoint()) ... .build();
 * }
 * }</pre>
 */
public final class LocalBackend implements AutoCloseable {

  /** Default long-poll wait: answers before the SFN SDK's 65 s read timeout. */
  public static final Duration DEFAULT_POLL_MAX_WAIT = Duration.ofSeconds(60);

  /**
   * Default request size limit in bytes: above the largest legal request (a 1,048,576-character
   * state machine definition of 3-byte characters plus the rest of the request).
   */
  public static final int DEFAULT_MAX_REQUEST_BYTES = 4 * 1024 * 1024;

  private final EmulatorServer server;
  private final EmulatorClock clock;
  private final Faults faults;
  private final Runnable clockListener;
  private final boolean controlPlane;

  private LocalBackend(Builder b) throws IOException {
    this.clock = b.clock;
    this.faults = new Faults(b.accountId, b.region);
    Boolean explicit = b.controlPlane;
    this.controlPlane = explicit != null ? explicit : b.bindAddress.isLoopbackAddress();
    Config cfg =
        new Config(
            b.clock,
            b.pollMaxWait.toMillis(),
            b.maxRequestBytes,
            b.sendErrorTypeHeader,
            b.lengthUnit,
            b.swfInvalidToken,
            b.region,
            b.accountId);
    ServerLimits limits =
        new ServerLimits(
            b.maxConnections,
            b.headDeadline.toMillis(),
            b.readTimeout.toMillis(),
            b.idleTimeout.toMillis(),
            ServerLimits.DEFAULT_MAX_HEAD_BYTES,
            b.maxBufferedBytes);
    this.server =
        new EmulatorServer(
            cfg,
            limits,
            faults::next,
            controlPlane ? new Control() : null,
            new InetSocketAddress(b.bindAddress, b.port),
            b.threads);
    this.clockListener = server::tick;
    if (clock instanceof ManualClock) {
      ((ManualClock) clock).addListener(clockListener);
    } else {
      if (clock instanceof OffsetClock) {
        ((OffsetClock) clock).addListener(clockListener);
      }
      server.startTicker(100);
    }
  }

  /** Starts an emulator with the default settings on a free loopback port. */
  public static LocalBackend start() {
    return builder().start();
  }

  /** Returns a builder for an emulator with non-default settings. */
  public static Builder builder() {
    return new Builder();
  }

  /** The endpoint to give SDK clients, e.g. {@code http://127.0.0.1:54321}. */
  public URI endpoint() {
    return server.endpoint();
  }

  /** The fault injection controls of this emulator. */
  public Faults faults() {
    return faults;
  }

  /** The clock this emulator measures time on. */
  public EmulatorClock clock() {
    return clock;
  }

  /**
   * The clock as a {@link ManualClock}.
   *
   * @throws IllegalStateException if the emulator was not built with a manual clock
   */
  public ManualClock manualClock() {
    if (clock instanceof ManualClock) {
      return (ManualClock) clock;
    }
    throw new IllegalStateException("this emulator runs on " + clock);
  }

  /**
   * How many requests named {@code target} were received, including those answered with an error or
   * an injected fault; the target is {@code "AWSStepFunctions.<Op>"} or {@code
   * "SimpleWorkflowService.<Op>"} (the legacy SWF prefix counts as the short one).
   */
  public long requestCount(String target) {
    return server.count(target);
  }

  /** All request counters, by target, sorted. */
  public Map<String, Long> requestCounts() {
    return server.counts();
  }

  /**
   * The history recorded for a Step Functions execution, each event as GetExecutionHistory renders
   * it.
   *
   * @throws IllegalArgumentException if there is no such execution
   */
  public List<JsonNode> sfnHistory(String executionArn) {
    return server.sfnHistory(executionArn);
  }

  /**
   * The history recorded for an SWF workflow run, each event as GetWorkflowExecutionHistory renders
   * it.
   *
   * @throws IllegalArgumentException if there is no such run
   */
  public List<JsonNode> swfHistory(String domain, String workflowId, String runId) {
    return server.swfHistory(domain, workflowId, runId);
  }

  /**
   * The Step Functions callback tasks ({@code .waitForTaskToken}) waiting for their token, oldest
   * first: what the integrated service (a queue, a topic) would have received. A test takes the
   * token and reports with {@code SendTaskSuccess}, {@code SendTaskFailure} or {@code
   * SendTaskHeartbeat}, as its consumer would.
   */
  public List<PendingCallback> pendingCallbacks() {
    return server.sfnPendingCallbacks();
  }

  /**
   * Serves Task states whose {@code Resource} is exactly {@code resource} (e.g. a Lambda ARN) with
   * {@code handler}, in place of the service; without one, CreateStateMachine refuses the resource
   * by name. Register before creating the state machine.
   */
  public void registerTaskHandler(String resource, TaskHandler handler) {
    if (resource.isEmpty()) {
      throw new IllegalArgumentException("resource must not be empty");
    }
    server.sfnTaskHandler(resource, handler);
  }

  /** The number of activity tasks handed to a worker and not yet closed, both services. */
  public int openActivityTasks() {
    int[] n = server.openTasks();
    return n[0] + n[1];
  }

  /**
   * Request body bytes the HTTP server holds now, all connections together (bounded by {@link
   * Builder#maxBufferedBytes(long)}).
   */
  public long bufferedRequestBytes() {
    return server.bufferedBytes();
  }

  /** HTTP connections open now (bounded by {@link Builder#maxConnections(int)}). */
  public int openConnections() {
    return server.openConnections();
  }

  /** Applies every timeout and retry that is due now (normally automatic). */
  public void tick() {
    server.tick();
  }

  /**
   * Whether the HTTP control plane under {@code /_taskbridge/} is served (see {@link
   * Builder#controlPlane(boolean)}).
   */
  public boolean controlPlaneEnabled() {
    return controlPlane;
  }

  /** Stops serving and releases the port; idempotent. Waiting long polls get an empty answer. */
  @Override
  public void close() {
    if (clock instanceof ManualClock) {
      ((ManualClock) clock).removeListener(clockListener);
    } else if (clock instanceof OffsetClock) {
      ((OffsetClock) clock).removeListener(clockListener);
    }
    server.close();
  }

  @Override
  public String toString() {
    return "LocalBackend[" + endpoint() + "]";
  }

  /** What the control plane does to this emulator. */
  private final class Control implements ControlHook {
    @Override
    public List<PendingCallback> pendingCallbacks() {
      EmulatorServer s = server;
      return s == null ? List.of() : s.sfnPendingCallbacks();
    }

    @Override
    public boolean clockControllable() {
      return clock instanceof ManualClock || clock instanceof OffsetClock;
    }

    @Override
    public long advanceClock(long millis) {
      Duration d = Duration.ofMillis(millis);
      if (clock instanceof ManualClock) {
        ((ManualClock) clock).advance(d);
      } else if (clock instanceof OffsetClock) {
        ((OffsetClock) clock).advance(d);
      } else {
        throw new IllegalStateException("the clock " + clock + " cannot be advanced");
      }
      // null only while the constructor is still running; the listener or the next request ticks
      EmulatorServer s = server;
      if (s != null) {
        s.tick();
      }
      return clock.millis();
    }

    @Override
    public String addFault(
        String selector,
        int times,
        String fault,
        @Nullable String keyState,
        @Nullable Long millis) {
      return Long.toString(faults.next(times, selector, Fault.named(fault, keyState, millis)).id());
    }

    @Override
    public void clearFaults() {
      faults.clear();
    }

    @Override
    public List<RuleInfo> faults() {
      return faults.rules().stream()
          .map(
              r ->
                  new RuleInfo(
                      Long.toString(r.id()),
                      r.selector(),
                      r.fault().description(),
                      r.applied(),
                      r.remaining()))
          .toList();
    }
  }

  /** Settings of an emulator; every setting has a default. */
  public static final class Builder {
    private int port;
    private InetAddress bindAddress = InetAddress.getLoopbackAddress();
    private EmulatorClock clock = new OffsetClock();
    private @Nullable Boolean controlPlane;
    private Duration pollMaxWait = DEFAULT_POLL_MAX_WAIT;
    private int maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
    private boolean sendErrorTypeHeader;
    private LengthUnit lengthUnit = LengthUnit.UTF16_CODE_UNITS;
    private SwfInvalidTokenResponse swfInvalidToken =
        SwfInvalidTokenResponse.UNKNOWN_RESOURCE_FAULT;
    private String region = "us-east-1";
    private String accountId = "123456789012";
    private int threads = Runtime.getRuntime().availableProcessors();
    private int maxConnections = ServerLimits.DEFAULT_MAX_CONNECTIONS;
    private Duration headDeadline = Duration.ofMillis(ServerLimits.DEFAULT_HEAD_DEADLINE_MILLIS);
    private Duration readTimeout = Duration.ofMillis(ServerLimits.DEFAULT_READ_TIMEOUT_MILLIS);
    private Duration idleTimeout = Duration.ofMillis(ServerLimits.DEFAULT_IDLE_TIMEOUT_MILLIS);
    private long maxBufferedBytes = ServerLimits.defaultMaxBufferedBytes();

    private Builder() {}

    /** The TCP port; 0 (the default) picks a free one. */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /** The address to listen on; the default is the loopback address. */
    public Builder bindAddress(InetAddress address) {
      this.bindAddress = Objects.requireNonNull(address, "address");
      return this;
    }

    /**
     * The clock; the default is a new {@link OffsetClock} (real time that can be advanced). Use a
     * {@link ManualClock} in tests, {@link EmulatorClock#system()} for a clock nobody can move.
     */
    public Builder clock(EmulatorClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Whether to serve the HTTP control plane ({@code /_taskbridge/…}: capabilities, clock advance,
     * fault injection) on the emulator's port. The default is on when bound to a loopback address
     * and off otherwise: anyone who can reach the port could inject faults into every client's
     * calls or jump the clock so that their tasks time out, so exposing it on a network must be
     * asked for.
     */
    public Builder controlPlane(boolean enabled) {
      this.controlPlane = enabled;
      return this;
    }

    /** How long an idle long poll waits (real time) before answering empty; default 60 s. */
    public Builder pollMaxWait(Duration wait) {
      if (wait.isNegative()) {
        throw new IllegalArgumentException("negative wait: " + wait);
      }
      this.pollMaxWait = wait;
      return this;
    }

    /** The largest request body accepted, in bytes; larger ones get HTTP 413. */
    public Builder maxRequestBytes(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("limit too small: " + bytes);
      }
      this.maxRequestBytes = bytes;
      return this;
    }

    /**
     * Whether error answers also carry {@code x-amzn-ErrorType} with the bare code; default false.
     */
    public Builder sendErrorTypeHeader(boolean send) {
      this.sendErrorTypeHeader = send;
      return this;
    }

    /** How string lengths are measured against the limits; default UTF-16 code units. */
    public Builder lengthUnit(LengthUnit unit) {
      this.lengthUnit = Objects.requireNonNull(unit, "unit");
      return this;
    }

    /** What SWF answers for a garbage task token; default UnknownResourceFault. */
    public Builder swfInvalidTokenResponse(SwfInvalidTokenResponse response) {
      this.swfInvalidToken = Objects.requireNonNull(response, "response");
      return this;
    }

    /** The region used in ARNs; default us-east-1. Requests are accepted for any region. */
    public Builder region(String region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /** The account id used in ARNs; default 123456789012. */
    public Builder accountId(String accountId) {
      this.accountId = Objects.requireNonNull(accountId, "accountId");
      return this;
    }

    /**
     * The number of server threads: event loops that read requests, serve the AWS operations and
     * write answers, and as many engine threads for what may take long (the control plane, large
     * bodies, Step Functions requests once a task handler is registered, injected delays); default
     * one per processor. Long polls and injected delays wait without holding either, so more
     * threads than processors do not serve more clients.
     */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be positive: " + threads);
      }
      this.threads = threads;
      return this;
    }

    /**
     * The most HTTP connections served at once; default 1024. Past it, the connection whose request
     * head has been arriving longest is closed to make room (a client that trickles a head, or
     * connects and sends nothing, makes way for one that sends a request); if none is arriving at a
     * head, the new connection is closed.
     */
    public Builder maxConnections(int connections) {
      if (connections < 1) {
        throw new IllegalArgumentException("maxConnections must be positive: " + connections);
      }
      this.maxConnections = connections;
      return this;
    }

    /**
     * How long a request head (request line and headers) may take to arrive, from the connection's
     * opening or the head's first byte; default 10 s. A connection past it is closed.
     */
    public Builder headDeadline(Duration deadline) {
      this.headDeadline = positive(deadline, "headDeadline");
      return this;
    }

    /**
     * The longest pause in the middle of a request body, or in reading an answer; default 30 s. A
     * connection past it is closed. No deadline runs while a request waits for its answer.
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = positive(timeout, "readTimeout");
      return this;
    }

    /** How long a keep-alive connection may sit without a request; default 90 s. */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = positive(timeout, "idleTimeout");
      return this;
    }

    /**
     * The request body bytes held for all connections together; default a quarter of the heap, at
     * most 256 MiB. A request that would take more gets 503 {@code ServiceUnavailableException}
     * (the SDK retries it) and its connection is closed.
     */
    public Builder maxBufferedBytes(long bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxBufferedBytes too small: " + bytes);
      }
      this.maxBufferedBytes = bytes;
      return this;
    }

    private static Duration positive(Duration d, String name) {
      if (d.isNegative() || d.isZero() || d.toMillis() == 0) {
        throw new IllegalArgumentException(name + " must be at least 1 ms: " + d);
      }
      return d;
    }

    /**
     * Starts the emulator.
     *
     * @throws UncheckedIOException if the port cannot be bound
     */
    public LocalBackend start() {
      try {
        return new LocalBackend(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the emulator on port " + port, e);
      }
    }
  }
}
