package dev.taskbridge.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskbridge.api.Backend;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskFailureReporter;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.emulator.LocalBackend;
import dev.taskbridge.sfn.SfnTaskFailureReporter;
import dev.taskbridge.swf.SwfTaskFailureReporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.model.SendTaskFailureRequest;
import software.amazon.awssdk.services.swf.SwfAsyncClient;
import software.amazon.awssdk.services.swf.model.RespondActivityTaskFailedRequest;

/**
 * Async throughput for a shared, loaded machine: what {@link AsyncLoopbackBenchmark} measures, but
 * raw and adapter alternate in blocks of reports (rotating which goes first) on the same clients
 * and emulator, and the figure is the median over block pairs of the per-pair throughput ratio, so
 * that both sides of each ratio ran within a second of each other. Every report closes a task
 * opened beforehand; any failed report aborts the run.
 *
 * <p>Arguments: {@code <output.json> <block pairs> <reports per block at 16 and 128 in flight>
 * [deadline]} (a fifth of that at 1 in flight). With {@code deadline}, both clients are built with
 * the adapter's deadline as their own API call timeout, so the adapter adds no per-request
 * override; by default they have none (the SDK default).
 */
final class InterleavedAsync {

  private InterleavedAsync() {}

  public static void main(String[] args) throws Exception {
    Path output = Path.of(args[0]);
    int pairs = Integer.parseInt(args[1]);
    int reports = Integer.parseInt(args[2]);
    Duration own =
        args.length > 3 && args[3].equals("deadline") ? OverheadBenchmark.DEADLINE : null;
    ObjectMapper json = new ObjectMapper();
    ObjectNode result = json.createObjectNode();
    result
        .put("pairs", pairs)
        .put("reportsPerBlock", reports)
        .put("clientApiCallTimeout", own == null ? "none" : "deadline");
    try (LocalBackend emulator = LocalBackend.start();
        SfnAsyncClient sfn = Clients.sfnAsync(emulator.endpoint(), 256, own);
        SwfAsyncClient swf = Clients.swfAsync(emulator.endpoint(), 256, own)) {
      RawTasks tasks = new RawTasks(emulator.endpoint());
      TaskFailureReporter sfnReporter = SfnTaskFailureReporter.create(sfn);
      TaskFailureReporter swfReporter = SwfTaskFailureReporter.create(swf);
      for (Backend backend : Backend.values()) {
        ObjectNode b = result.putObject(backend.name());
        for (int inFlight : new int[] {1, 16, 128}) {
          int n = inFlight == 1 ? Math.max(1, reports / 5) : reports;
          int total = (pairs + 1) * 2 * n;
          ArrayDeque<String> tokens =
              new ArrayDeque<>(
                  backend == Backend.SFN ? tasks.openSfn(total) : tasks.openSwf(total));
          Function<String, CompletableFuture<?>> raw =
              backend == Backend.SFN
                  ? t ->
                      sfn.sendTaskFailure(
                          SendTaskFailureRequest.builder()
                              .taskToken(t)
                              .error(Payloads.ERROR)
                              .cause(Payloads.CAUSE)
                              .build())
                  : t ->
                      swf.respondActivityTaskFailed(
                          RespondActivityTaskFailedRequest.builder()
                              .taskToken(t)
                              .reason(Payloads.ERROR)
                              .details(Payloads.CAUSE)
                              .build());
          TaskFailureReporter reporter = backend == Backend.SFN ? sfnReporter : swfReporter;
          Function<String, CompletableFuture<?>> adapter =
              t ->
                  reporter.reportAsync(
                      TaskToken.of(backend, t), TaskFailure.of(Payloads.ERROR, Payloads.CAUSE));
          // One block of each first, not counted: connections, JIT.
          block(raw, tokens, n, inFlight, new double[2]);
          block(adapter, tokens, n, inFlight, new double[2]);
          double[] rawRates = new double[pairs];
          double[] adapterRates = new double[pairs];
          double[] ratios = new double[pairs];
          double[] rawCpu = new double[pairs];
          double[] adapterCpu = new double[pairs];
          double[] cpuRatios = new double[pairs];
          double[] measured = new double[2];
          for (int p = 0; p < pairs; p++) {
            for (int k = 0; k < 2; k++) {
              boolean rawSide = (k == 0) == (p % 2 == 0); // alternate which side goes first
              block(rawSide ? raw : adapter, tokens, n, inFlight, measured);
              (rawSide ? rawRates : adapterRates)[p] = measured[0];
              (rawSide ? rawCpu : adapterCpu)[p] = measured[1];
            }
            ratios[p] = adapterRates[p] / rawRates[p];
            // Reports per CPU-second, adapter over raw: the throughput ratio a CPU-bound run
            // would show, without the share of the cores other processes took meanwhile.
            cpuRatios[p] = rawCpu[p] / adapterCpu[p];
          }
          ObjectNode row = b.putObject(Integer.toString(inFlight));
          row.put("rawPerSecond", Stats.median(rawRates))
              .put("adapterPerSecond", Stats.median(adapterRates))
              .put("ratio", Stats.median(ratios))
              .put("minRatio", Arrays.stream(ratios).min().orElse(Double.NaN))
              .put("maxRatio", Arrays.stream(ratios).max().orElse(Double.NaN))
              .put("rawCpuMicrosPerReport", Stats.median(rawCpu))
              .put("adapterCpuMicrosPerReport", Stats.median(adapterCpu))
              .put("cpuRatio", Stats.median(cpuRatios));
          System.err.println("interleaved async " + backend + " " + inFlight + ": " + row);
        }
      }
    }
    Files.writeString(output, json.writerWithDefaultPrettyPrinter().writeValueAsString(result));
  }

  /**
   * Sends {@code n} reports, at most {@code inFlight} outstanding; puts reports per second in
   * {@code out[0]} and the CPU time of every Java thread per report, in microseconds, in {@code
   * out[1]} (client, Netty and emulator threads alike: the emulator's share is the same on both
   * sides).
   */
  private static void block(
      Function<String, CompletableFuture<?>> send,
      ArrayDeque<String> tokens,
      int n,
      int inFlight,
      double[] out)
      throws InterruptedException {
    Semaphore permits = new Semaphore(inFlight);
    AtomicLong failures = new AtomicLong();
    long c0 = InterleavedOverhead.cpuOfAllThreads();
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      permits.acquireUninterruptibly();
      String token = tokens.pop();
      // The outcome is recorded by the callback; the returned stage is not needed.
      CompletableFuture<?> unused =
          send.apply(token)
              .whenComplete(
                  (ok, error) -> {
                    if (error != null) {
                      failures.incrementAndGet();
                    }
                    permits.release();
                  });
    }
    if (!permits.tryAcquire(inFlight, 120, TimeUnit.SECONDS)) {
      throw new IllegalStateException("reports still in flight after 120 s");
    }
    out[0] = n / ((System.nanoTime() - t0) / 1e9);
    out[1] = (InterleavedOverhead.cpuOfAllThreads() - c0) / 1e3 / n;
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " of " + n + " reports failed");
    }
  }
}
