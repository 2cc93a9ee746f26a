package dev.taskbridge.reliability;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskFailureReporter;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.contract.ReporterContractTest.Mode;
import dev.taskbridge.emulator.Fault;
import dev.taskbridge.emulator.FaultRule;
import dev.taskbridge.emulator.LocalBackend;
import dev.taskbridge.sfn.SfnTaskFailureReporter;
import dev.taskbridge.swf.SwfTaskFailureReporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.SdkClient;

/**
 * Sends many failure reports through one binding, in four modes, against an emulator that answers a
 * fixed share of report calls with injected faults, and keeps everything needed to check the
 * outcome afterwards.
 */
final class Soak {

  /** The attempt timeout of the report clients; the delay fault waits longer than this. */
  static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(200);

  static final Duration DELAY = Duration.ofMillis(450);

  static final ReporterOptions OPTIONS =
      ReporterOptions.builder()
          .deadline(Duration.ofSeconds(10))
          .initialBackoff(Duration.ofMillis(10))
          .maxBackoff(Duration.ofMillis(200))
          .build();

  /** Every {@code DUPLICATE_EVERY}-th report is sent a second time once the first has finished. */
  static final int DUPLICATE_EVERY = 50;

  private static final int SYNC_THREADS = 8;
  private static final int ASYNC_IN_FLIGHT = 32;

  /**
   * One report call; its SDK calls are {@code [wireFrom, wireTo)} of the token's calls in the
   * {@link WireLog} (calls for one token never overlap: the duplicate starts after the first ends).
   */
  record Outcome(
      Mode mode,
      String token,
      TaskFailure failure,
      boolean duplicate,
      int wireFrom,
      int wireTo,
      @Nullable Throwable error,
      long nanos) {}

  /** Everything a run produced. */
  record Result(
      Backend backend,
      List<String> tokens,
      List<Outcome> outcomes,
      Map<String, Integer> recorded,
      WireLog wire,
      long requests,
      Map<String, Integer> faults,
      Duration setup,
      Duration run) {

    long reports() {
      return outcomes.size();
    }

    long faultsInjected() {
      return faults.values().stream().mapToLong(Integer::intValue).sum();
    }

    Map<String, Integer> outcomesByType() {
      Map<String, Integer> m = new TreeMap<>();
      for (Outcome o : outcomes) {
        String k =
            o.error() == null
                ? "returned normally"
                : o.error().getClass().getSimpleName()
                    + (o.error() instanceof dev.taskbridge.api.TaskReportException t
                            && t.mayHaveLanded()
                        ? " (mayHaveLanded)"
                        : "");
        m.merge(k, 1, Integer::sum);
      }
      return m;
    }

    long percentileMillis(double p) {
      long[] sorted = outcomes.stream().mapToLong(Outcome::nanos).sorted().toArray();
      int i = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
      return TimeUnit.NANOSECONDS.toMillis(sorted[Math.max(0, i)]);
    }

    long maxMillis() {
      return TimeUnit.NANOSECONDS.toMillis(
          outcomes.stream().mapToLong(Outcome::nanos).max().orElse(0));
    }

    String summary() {
      return String.format(
          Locale.ROOT,
          "%s soak: reports=%d (4 modes), setup=%d ms, run=%d ms, requests=%d, retries=%d"
              + " (requests - reports), faults injected=%d %s, outcomes=%s, latency p50=%d ms"
              + " p99=%d ms max=%d ms",
          backend,
          reports(),
          setup.toMillis(),
          run.toMillis(),
          requests,
          requests - reports(),
          faultsInjected(),
          faults,
          outcomesByType(),
          percentileMillis(0.50),
          percentileMillis(0.99),
          maxMillis());
    }
  }

  private Soak() {}

  /** The report call's target for {@code backend}. */
  static String target(Backend backend) {
    return backend == Backend.SFN
        ? "AWSStepFunctions.SendTaskFailure"
        : "SimpleWorkflowService.RespondActivityTaskFailed";
  }

  /**
   * The injected faults, as shares of all report calls: 20% transient ones, and a small share of
   * terminal refusals. Rules are consulted in order and the first that fires decides, so each
   * rule's own fraction is its share of the calls the earlier rules left alone.
   */
  static Map<String, FaultRule> injectFaults(LocalBackend backend, Backend kind, long seed) {
    Map<String, Fault> faults = new java.util.LinkedHashMap<>();
    Map<String, Double> shares = new java.util.LinkedHashMap<>();
    add(faults, shares, "throttling", Fault.throttling(), 0.04);
    if (kind == Backend.SFN) {
      add(faults, shares, "kmsThrottling", Fault.kmsThrottling(), 0.03);
    } else {
      add(
          faults,
          shares,
          "limitExceeded",
          Fault.error(400, "com.amazonaws.swf.base.model#LimitExceededFault", "Limit exceeded"),
          0.03);
    }
    add(faults, shares, "500", Fault.internalFailure(), 0.03);
    add(faults, shares, "503", Fault.serviceUnavailable(), 0.03);
    add(faults, shares, "dropBeforeApply", Fault.dropBeforeApply(), 0.03);
    add(faults, shares, "delayPastAttemptTimeout", Fault.delay(DELAY), 0.02);
    add(faults, shares, "dropAfterApply", Fault.dropAfterApply(), 0.02);
    // terminal
    add(faults, shares, "accessDenied", Fault.accessDenied(), 0.004);
    if (kind == Backend.SWF) {
      add(faults, shares, "operationNotPermitted", Fault.operationNotPermitted(), 0.002);
    }
    Map<String, FaultRule> rules = new java.util.LinkedHashMap<>();
    double left = 1.0;
    long s = seed;
    for (Map.Entry<String, Fault> e : faults.entrySet()) {
      double share = shares.getOrDefault(e.getKey(), 0.0);
      rules.put(
          e.getKey(), backend.faults().fraction(share / left, s++, target(kind), e.getValue()));
      left -= share;
    }
    return rules;
  }

  private static void add(
      Map<String, Fault> faults, Map<String, Double> shares, String name, Fault f, double share) {
    faults.put(name, f);
    shares.put(name, share);
  }

  /**
   * Opens {@code 4 * perMode} tasks, then reports a failure on each, {@code perMode} in each mode,
   * with faults injected only while reporting.
   */
  static Result run(LocalBackend backend, Backend kind, int perMode, long seed) {
    OpenTasks tasks =
        kind == Backend.SFN
            ? OpenTasks.sfn(backend, 4 * perMode)
            : OpenTasks.swf(backend, 4 * perMode);
    String op = kind == Backend.SFN ? "SendTaskFailure" : "RespondActivityTaskFailed";
    WireLog wire = new WireLog(op);
    List<SdkClient> clients = new ArrayList<>();
    List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
    Random random = new Random(seed);
    long before = backend.requestCount(target(kind));
    Map<String, FaultRule> rules = injectFaults(backend, kind, seed);
    long start = System.nanoTime();
    try {
      Mode[] modes = Mode.values();
      for (int m = 0; m < modes.length; m++) {
        Mode mode = modes[m];
        TaskFailureReporter reporter = reporter(backend, kind, mode, wire, clients);
        List<String> tokens = tasks.tokens().subList(m * perMode, (m + 1) * perMode);
        List<TaskFailure> failures = new ArrayList<>();
        for (int i = 0; i < perMode; i++) {
          failures.add(failure(kind, m * perMode + i, random, false));
        }
        drive(mode, reporter, kind, tokens, failures, wire, outcomes, random);
      }
    } finally {
      rules.values().forEach(FaultRule::cancel);
      for (SdkClient c : clients) {
        c.close();
      }
    }
    Duration run = Duration.ofNanos(System.nanoTime() - start);
    long requests = backend.requestCount(target(kind)) - before;
    Map<String, Integer> faults = new java.util.LinkedHashMap<>();
    rules.forEach((name, r) -> faults.put(name, r.applied()));
    backend.faults().clear();
    return new Result(
        kind,
        tasks.tokens(),
        List.copyOf(outcomes),
        tasks.recordedByCause(),
        wire,
        requests,
        faults,
        tasks.setupTime(),
        run);
  }

  /** A failure whose cause is unique to this report, so the history tells reports apart. */
  static TaskFailure failure(Backend kind, int index, Random random, boolean duplicate) {
    byte[] b = new byte[8];
    random.nextBytes(b);
    String id = HexFormat.of().formatHex(b);
    return TaskFailure.of(
        "Soak.Error" + (index % 7) + "." + id,
        "{\"errorMessage\":\"soak "
            + kind
            + (duplicate ? " duplicate " : " ")
            + index
            + " secret "
            + id
            + "\"}");
  }

  private static TaskFailureReporter reporter(
      LocalBackend backend, Backend kind, Mode mode, WireLog wire, List<SdkClient> clients) {
    // taskbridge owns the retries (as the README recommends), so each SDK call is one attempt and
    // the wire log sees every answer taskbridge acted on. DroppedAnswerTest covers SDK retries.
    boolean sdkRetries = false;
    List<software.amazon.awssdk.core.interceptor.ExecutionInterceptor> i = List.of(wire);
    if (kind == Backend.SFN) {
      if (mode.asyncClient()) {
        var c = Clients.sfnAsync(backend.endpoint(), ATTEMPT_TIMEOUT, sdkRetries, i);
        clients.add(c);
        return SfnTaskFailureReporter.create(c, OPTIONS);
      }
      var c = Clients.sfn(backend.endpoint(), ATTEMPT_TIMEOUT, sdkRetries, i);
      clients.add(c);
      return SfnTaskFailureReporter.create(c, OPTIONS);
    }
    if (mode.asyncClient()) {
      var c = Clients.swfAsync(backend.endpoint(), ATTEMPT_TIMEOUT, sdkRetries, i);
      clients.add(c);
      return SwfTaskFailureReporter.create(c, OPTIONS);
    }
    var c = Clients.swf(backend.endpoint(), ATTEMPT_TIMEOUT, sdkRetries, i);
    clients.add(c);
    return SwfTaskFailureReporter.create(c, OPTIONS);
  }

  private static void drive(
      Mode mode,
      TaskFailureReporter reporter,
      Backend kind,
      List<String> tokens,
      List<TaskFailure> failures,
      WireLog wire,
      List<Outcome> outcomes,
      Random random) {
    ExecutorService pool = Executors.newFixedThreadPool(mode.asyncCall() ? 1 : SYNC_THREADS);
    Semaphore inFlight = new Semaphore(mode.asyncCall() ? ASYNC_IN_FLIGHT : SYNC_THREADS);
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int i = 0; i < tokens.size(); i++) {
        String token = tokens.get(i);
        TaskFailure failure = failures.get(i);
        TaskFailure second =
            i % DUPLICATE_EVERY == DUPLICATE_EVERY / 2 ? failure(kind, i, random, true) : null;
        if (!inFlight.tryAcquire(60, TimeUnit.SECONDS)) {
          throw new AssertionError("no report finished within 60 s: something hangs");
        }
        if (mode.asyncCall()) {
          CompletableFuture<?> f =
              sendAsync(mode, reporter, kind, token, failure, false, wire, outcomes);
          if (second != null) {
            f =
                f.thenCompose(
                    v -> sendAsync(mode, reporter, kind, token, second, true, wire, outcomes));
          }
          done.add(f.whenComplete((v, e) -> inFlight.release()));
        } else {
          done.add(
              pool.submit(
                  () -> {
                    try {
                      sendSync(mode, reporter, kind, token, failure, false, wire, outcomes);
                      if (second != null) {
                        sendSync(mode, reporter, kind, token, second, true, wire, outcomes);
                      }
                    } finally {
                      inFlight.release();
                    }
                  }));
        }
      }
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new AssertionError("soak driver failed: " + e.getClass().getName(), e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void sendSync(
      Mode mode,
      TaskFailureReporter reporter,
      Backend kind,
      String token,
      TaskFailure failure,
      boolean duplicate,
      WireLog wire,
      List<Outcome> outcomes) {
    int from = wire.count(token);
    long t0 = System.nanoTime();
    Throwable error = null;
    try {
      reporter.report(TaskToken.of(kind, token), failure);
    } catch (RuntimeException e) {
      error = e;
    }
    long nanos = System.nanoTime() - t0;
    outcomes.add(
        new Outcome(mode, token, failure, duplicate, from, wire.count(token), error, nanos));
  }

  private static CompletableFuture<?> sendAsync(
      Mode mode,
      TaskFailureReporter reporter,
      Backend kind,
      String token,
      TaskFailure failure,
      boolean duplicate,
      WireLog wire,
      List<Outcome> outcomes) {
    int from = wire.count(token);
    long t0 = System.nanoTime();
    CompletableFuture<Void> f;
    try {
      f = reporter.reportAsync(TaskToken.of(kind, token), failure);
    } catch (RuntimeException e) {
      f = CompletableFuture.failedFuture(e);
    }
    return f.handle(
        (v, e) -> {
          Throwable error =
              e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
          long nanos = System.nanoTime() - t0;
          outcomes.add(
              new Outcome(mode, token, failure, duplicate, from, wire.count(token), error, nanos));
          return Boolean.TRUE;
        });
  }
}
