package dev.taskbridge.benchmarks;

import dev.taskbridge.api.TaskSource;
import dev.taskbridge.emulator.LocalBackend;
import dev.taskbridge.sfn.SfnTaskClient;
import dev.taskbridge.worker.ActivityWorker;
import dev.taskbridge.worker.HandlerOptions;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Tasks per second and process CPU per task through {@link ActivityWorker} over {@link
 * SfnTaskClient}, against a hand-written raw-SDK loop ({@code getActivityTask} then {@code
 * sendTaskSuccess}) on the same SDK client, against the emulator in this JVM, at 1, 16 and 64
 * threads: the raw loop runs {@code c} threads that each poll and answer; the worker runs with
 * concurrency {@code c} and {@code c} pollers. Raw and worker alternate, one round each per row
 * after a warm-up of both; a run ends when every task it scheduled has been answered.
 *
 * <p>Arguments: {@code [tasks per run (default 4000)] [rounds (default 3)]}. CPU is the whole
 * process's (client, emulator, and the worker's threads alike).
 */
public final class WorkerThroughput {

  /**
   * Most pollers the worker runs (system property {@code pollers}; default: as many as threads).
   */
  private static final int POLLERS = Integer.getInteger("pollers", Integer.MAX_VALUE);

  private WorkerThroughput() {}

  /** Runs the comparison and prints one line per concurrency level. */
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    try (LocalBackend backend = LocalBackend.builder().pollMaxWait(Duration.ofSeconds(1)).start();
        SfnClient sfn =
            Clients.sfn(
                backend.endpoint(),
                UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(10)).build())) {
      RawTasks tasks = new RawTasks(backend.endpoint());
      run(backend, tasks, sfn, 16, n / 4, true);
      run(backend, tasks, sfn, 16, n / 4, false);
      System.out.println(
          "| concurrency | raw tasks/s | worker tasks/s | worker/raw | raw CPU µs/task | worker CPU"
              + " µs/task | worker/raw |");
      System.out.println("|---|---|---|---|---|---|---|");
      for (int c : new int[] {1, 16, 64}) {
        int tasksAtC = c == 1 ? Math.max(200, n / 8) : n;
        double rawRate = 0;
        double rawCpu = 0;
        double workerRate = 0;
        double workerCpu = 0;
        for (int r = 0; r < rounds; r++) {
          double[] raw = run(backend, tasks, sfn, c, tasksAtC, true);
          double[] worker = run(backend, tasks, sfn, c, tasksAtC, false);
          rawRate += raw[0] / rounds;
          rawCpu += raw[1] / rounds;
          workerRate += worker[0] / rounds;
          workerCpu += worker[1] / rounds;
        }
        System.out.printf(
            Locale.ROOT,
            "| %d | %.0f | %.0f | %.3f | %.0f | %.0f | %.3f |%n",
            c,
            rawRate,
            workerRate,
            workerRate / rawRate,
            rawCpu,
            workerCpu,
            workerCpu / rawCpu);
      }
    }
  }

  /** One run; returns {tasks/s, CPU µs per task}. */
  private static double[] run(
      LocalBackend backend, RawTasks tasks, SfnClient sfn, int c, int n, boolean raw)
      throws Exception {
    tasks.scheduleSfn(n);
    AtomicInteger answered = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    String activity = tasks.activityArn();
    long cpu0 = processCpuNanos();
    long t0 = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    ActivityWorker worker = null;
    if (raw) {
      for (int i = 0; i < c; i++) {
        Thread t =
            new Thread(
                () -> {
                  while (!stop.get()) {
                    String token =
                        sfn.getActivityTask(b -> b.activityArn(activity).workerName("raw"))
                            .taskToken();
                    if (token == null || token.isEmpty()) {
                      continue;
                    }
                    sfn.sendTaskSuccess(b -> b.taskToken(token).output("{\"ok\":true}"));
                    answered.incrementAndGet();
                  }
                },
                "raw-" + i);
        t.start();
        threads.add(t);
      }
    } else {
      worker =
          ActivityWorker.builder(SfnTaskClient.create(sfn))
              .handle(
                  TaskSource.sfnActivity(activity),
                  (task, ctx) -> {
                    answered.incrementAndGet();
                    return "{\"ok\":true}";
                  },
                  HandlerOptions.defaults().withPollers(Math.min(c, POLLERS)))
              .concurrency(c)
              .build();
      worker.start();
    }
    // Ends when every task was handed to the loop / handler and the emulator has none open.
    while (answered.get() < n || backend.openActivityTasks() > 0) {
      Thread.onSpinWait();
      Thread.sleep(1);
    }
    long nanos = System.nanoTime() - t0;
    long cpu = processCpuNanos() - cpu0;
    stop.set(true);
    if (worker != null) {
      worker.shutdown(Duration.ZERO);
    }
    for (Thread t : threads) {
      t.join();
    }
    return new double[] {n * 1e9 / nanos, cpu / 1e3 / n};
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
