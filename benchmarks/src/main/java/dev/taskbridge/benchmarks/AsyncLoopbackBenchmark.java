package dev.taskbridge.benchmarks;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskFailureReporter;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.emulator.LocalBackend;
import dev.taskbridge.sfn.SfnTaskFailureReporter;
import dev.taskbridge.swf.SwfTaskFailureReporter;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.model.SendTaskFailureRequest;
import software.amazon.awssdk.services.swf.SwfAsyncClient;
import software.amazon.awssdk.services.swf.model.RespondActivityTaskFailedRequest;

/**
 * Async throughput over loopback against the emulator (in this JVM, on a free port): reports per
 * second with 1, 16 and 128 calls in flight, {@code reportAsync} over the async binding versus the
 * raw {@code SfnAsyncClient}/{@code SwfAsyncClient} call on the same Netty client.
 *
 * <p>One operation is one report issued; at most {@code inFlight} are outstanding, so in steady
 * state the issue rate is the completion rate. Every report closes a task opened beforehand (in
 * bulk over raw sockets by {@link RawTasks}, outside the measurement, topped up before each
 * iteration), so both sides take the emulator's success path; an iteration with any failed report
 * fails the benchmark.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
@SuppressWarnings("NullAway.Init") // fields are set in @Setup, before any benchmark method runs
public class AsyncLoopbackBenchmark {

  @Param({"1", "16", "128"})
  int inFlight;

  @Param({"SFN", "SWF"})
  Backend backend;

  LocalBackend emulator;
  SfnAsyncClient sfn;
  SwfAsyncClient swf;
  TaskFailureReporter reporter;
  RawTasks opener;
  final ArrayDeque<String> tokens = new ArrayDeque<>();
  Semaphore permits;
  final AtomicLong failures = new AtomicLong();
  final AtomicReference<@Nullable Throwable> firstFailure = new AtomicReference<>();
  BiConsumer<Object, @Nullable Throwable> done;
  int reserve;
  int atIterationStart;

  /** Starts the emulator and the clients, and opens the first batch of tasks. */
  @Setup(Level.Trial)
  public void setUp() throws IOException {
    emulator = LocalBackend.start();
    sfn = Clients.sfnAsync(emulator.endpoint(), 256);
    swf = Clients.swfAsync(emulator.endpoint(), 256);
    reporter =
        backend == Backend.SFN
            ? SfnTaskFailureReporter.create(sfn)
            : SwfTaskFailureReporter.create(swf);
    opener = new RawTasks(emulator.endpoint());
    permits = new Semaphore(inFlight);
    done =
        (ok, error) -> {
          if (error != null) {
            failures.incrementAndGet();
            firstFailure.compareAndSet(null, error);
          }
          permits.release();
        };
    reserve = inFlight == 1 ? 6_000 : 20_000;
  }

  /** Tops the pool up to twice what the busiest iteration so far used. */
  @Setup(Level.Iteration)
  public void topUp() throws IOException, InterruptedException {
    int missing = reserve - tokens.size();
    if (missing > 0) {
      tokens.addAll(backend == Backend.SFN ? opener.openSfn(missing) : opener.openSwf(missing));
    }
    atIterationStart = tokens.size();
  }

  /** Waits for the reports still in flight; fails the run if any report failed. */
  @TearDown(Level.Iteration)
  public void drain() throws InterruptedException {
    if (!permits.tryAcquire(inFlight, 120, TimeUnit.SECONDS)) {
      throw new IllegalStateException("reports still in flight after 120 s");
    }
    permits.release(inFlight);
    reserve = Math.max(reserve, 2 * (atIterationStart - tokens.size()));
    if (failures.get() > 0) {
      throw new IllegalStateException(
          failures.get() + " reports failed; the first: " + firstFailure.get(), firstFailure.get());
    }
  }

  /** Closes the clients and the emulator. */
  @TearDown(Level.Trial)
  public void tearDown() {
    sfn.close();
    swf.close();
    emulator.close();
  }

  private String nextToken() {
    String token = tokens.poll();
    if (token == null) {
      throw new IllegalStateException("the pool of open tasks ran dry; raise the reserve");
    }
    return token;
  }

  /** The raw SDK call: {@code sendTaskFailure} or {@code respondActivityTaskFailed}. */
  @Benchmark
  public void raw() {
    permits.acquireUninterruptibly();
    String token = nextToken();
    CompletableFuture<?> f =
        backend == Backend.SFN
            ? sfn.sendTaskFailure(
                SendTaskFailureRequest.builder()
                    .taskToken(token)
                    .error(Payloads.ERROR)
                    .cause(Payloads.CAUSE)
                    .build())
            : swf.respondActivityTaskFailed(
                RespondActivityTaskFailedRequest.builder()
                    .taskToken(token)
                    .reason(Payloads.ERROR)
                    .details(Payloads.CAUSE)
                    .build());
    // The outcome is recorded by `done`; the returned stage is not needed.
    CompletableFuture<?> unused = f.whenComplete(done);
  }

  /** {@code reportAsync} through the binding over the same async client. */
  @Benchmark
  public void adapter() {
    permits.acquireUninterruptibly();
    CompletableFuture<?> unused =
        reporter
            .reportAsync(
                TaskToken.of(backend, nextToken()), TaskFailure.of(Payloads.ERROR, Payloads.CAUSE))
            .whenComplete(done);
  }
}
