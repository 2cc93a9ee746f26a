package dev.taskbridge.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskbridge.api.ActivityTask;
import dev.taskbridge.api.TaskClient;
import dev.taskbridge.api.TaskSource;
import dev.taskbridge.emulator.LocalBackend;
import dev.taskbridge.sfn.SfnTaskClient;
import dev.taskbridge.swf.SwfTaskClient;
import dev.taskbridge.worker.ActivityWorker;
import dev.taskbridge.worker.HandlerOptions;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * Tasks per second and process CPU per task through {@link ActivityWorker}, against a hand-written
 * raw-SDK loop on the same SDK client, against the emulator in this JVM, at 1, 16 and 64 threads,
 * on each backend: Step Functions ({@code getActivityTask} then {@code sendTaskSuccess}, through
 * {@link SfnTaskClient}) and SWF ({@code pollForActivityTask} then {@code
 * respondActivityTaskCompleted}, through {@link SwfTaskClient}). The raw loop runs {@code c}
 * threads that each poll and answer; the worker runs with concurrency {@code c} and {@code c}
 * pollers. A third side, the binding loop, runs the raw loop's {@code c} threads through the
 * binding's {@code poll} and {@code succeed}: binding / raw is what the binding costs, worker /
 * binding what the worker adds on top of it. The sides alternate, one round each per row after a
 * warm-up of each; a run ends when every task it scheduled has been answered.
 *
 * <p>Arguments: {@code [tasks per run (default 4000)] [rounds (default 3)] [output.json]}; system
 * property {@code backends} (default {@code sfn,swf}) chooses the backends. CPU is measured twice:
 * the whole process's (client, emulator, the worker's threads, GC and JIT alike), and the CPU time
 * of every Java thread (the same without GC and JIT threads; per-thread clocks, which other
 * processes' load hardly moves), per task. Prints a Markdown table per backend; with {@code
 * output.json}, writes the same figures there, under {@code sfn} and {@code swf}, for {@code
 * ResultsTable}.
 */
public final class WorkerThroughput {

  /**
   * Most pollers the worker runs (system property {@code pollers}; default: as many as threads).
   */
  private static final int POLLERS = Integer.getInteger("pollers", Integer.MAX_VALUE);

  private static final String OUTPUT = "{\"ok\":true}";

  /** Where the tasks come from, and the raw-SDK loop that takes and answers them. */
  private interface Backend extends AutoCloseable {
    String name();

    TaskClient client();

    TaskSource source();

    void schedule(int n) throws Exception;

    /** One raw poll and, if it gave a task, its answer; whether it gave one. */
    boolean rawPollAndAnswer();

    @Override
    void close();
  }

  /** The three ways the same tasks are taken and answered. */
  private enum Side {
    RAW,
    BINDING,
    WORKER
  }

  private WorkerThroughput() {}

  /** Runs the comparison and prints one table per backend, a line per concurrency level. */
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    ObjectNode result = new ObjectMapper().createObjectNode();
    result.put("tasks", n).put("rounds", rounds);
    Duration hold = Duration.ofSeconds(1);
    try (LocalBackend emulator = LocalBackend.builder().pollMaxWait(hold).start()) {
      RawTasks tasks = new RawTasks(emulator.endpoint());
      for (String name : System.getProperty("backends", "sfn,swf").split(",", -1)) {
        try (Backend backend = backend(name.trim(), emulator, tasks, hold)) {
          measure(emulator, backend, n, rounds, result.putObject(backend.name()));
        }
      }
    }
    if (args.length > 2) {
      Files.writeString(
          Path.of(args[2]),
          new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));
    }
  }

  private static Backend backend(
      String name, LocalBackend emulator, RawTasks tasks, Duration hold) {
    switch (name) {
      case "sfn":
        return sfn(Clients.sfnForPolls(emulator.endpoint(), hold), tasks);
      case "swf":
        return swf(Clients.swfForPolls(emulator.endpoint(), hold), tasks);
      default:
        throw new IllegalArgumentException("backends: sfn or swf, not " + name);
    }
  }

  private static Backend sfn(SfnClient sfn, RawTasks tasks) {
    String activity = tasks.activityArn();
    TaskClient client = SfnTaskClient.create(sfn);
    TaskSource source = TaskSource.sfnActivity(activity);
    return new Backend() {
      @Override
      public String name() {
        return "sfn";
      }

      @Override
      public TaskClient client() {
        return client;
      }

      @Override
      public TaskSource source() {
        return source;
      }

      @Override
      public void schedule(int n) throws Exception {
        tasks.scheduleSfn(n);
      }

      @Override
      public boolean rawPollAndAnswer() {
        String token = sfn.getActivityTask(b -> b.activityArn(activity)).taskToken();
        if (token == null || token.isEmpty()) {
          return false;
        }
        sfn.sendTaskSuccess(b -> b.taskToken(token).output(OUTPUT));
        return true;
      }

      @Override
      public void close() {
        sfn.close();
      }
    };
  }

  private static Backend swf(SwfClient swf, RawTasks tasks) {
    String domain = tasks.swfDomain();
    TaskClient client = SwfTaskClient.create(swf);
    TaskSource source = TaskSource.swfTaskList(domain, RawTasks.SWF_TASK_LIST);
    return new Backend() {
      @Override
      public String name() {
        return "swf";
      }

      @Override
      public TaskClient client() {
        return client;
      }

      @Override
      public TaskSource source() {
        return source;
      }

      @Override
      public void schedule(int n) throws Exception {
        tasks.scheduleSwf(n);
      }

      @Override
      public boolean rawPollAndAnswer() {
        String token =
            swf.pollForActivityTask(
                    b -> b.domain(domain).taskList(t -> t.name(RawTasks.SWF_TASK_LIST)))
                .taskToken();
        if (token == null || token.isEmpty()) {
          return false;
        }
        swf.respondActivityTaskCompleted(b -> b.taskToken(token).result(OUTPUT));
        return true;
      }

      @Override
      public void close() {
        swf.close();
      }
    };
  }

  /** One backend's table: a warm-up of each side, then {@code rounds} of each per level. */
  private static void measure(
      LocalBackend emulator, Backend backend, int n, int rounds, ObjectNode result)
      throws Exception {
    for (Side side : Side.values()) {
      run(emulator, backend, 16, n / 4, side);
    }
    System.out.println("Backend: " + backend.name());
    System.out.println(
        "| concurrency | raw tasks/s | binding tasks/s | worker tasks/s | binding/raw |"
            + " worker/binding | worker/raw | raw CPU µs/task | binding CPU µs/task | worker CPU"
            + " µs/task | binding/raw | worker/binding | worker/raw |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (int c : new int[] {1, 16, 64}) {
      int tasksAtC = c == 1 ? Math.max(200, n / 8) : n;
      Map<Side, Double> rate = new EnumMap<>(Side.class);
      Map<Side, Double> cpu = new EnumMap<>(Side.class);
      Map<Side, Double> threadCpu = new EnumMap<>(Side.class);
      for (int r = 0; r < rounds; r++) {
        for (Side side : Side.values()) {
          double[] m = run(emulator, backend, c, tasksAtC, side);
          rate.merge(side, m[0] / rounds, Double::sum);
          cpu.merge(side, m[1] / rounds, Double::sum);
          threadCpu.merge(side, m[2] / rounds, Double::sum);
        }
      }
      ObjectNode row = result.putObject(Integer.toString(c));
      for (Side side : Side.values()) {
        String name = side.name().toLowerCase(Locale.ROOT);
        row.put(name + "TasksPerSecond", rate.getOrDefault(side, 0.0));
        row.put(name + "ProcessCpuMicrosPerTask", cpu.getOrDefault(side, 0.0));
        row.put(name + "ThreadCpuMicrosPerTask", threadCpu.getOrDefault(side, 0.0));
      }
      double rawRate = rate.getOrDefault(Side.RAW, 0.0);
      double bindingRate = rate.getOrDefault(Side.BINDING, 0.0);
      double workerRate = rate.getOrDefault(Side.WORKER, 0.0);
      double rawCpu = cpu.getOrDefault(Side.RAW, 0.0);
      double bindingCpu = cpu.getOrDefault(Side.BINDING, 0.0);
      double workerCpu = cpu.getOrDefault(Side.WORKER, 0.0);
      double rawThreads = threadCpu.getOrDefault(Side.RAW, 0.0);
      double bindingThreads = threadCpu.getOrDefault(Side.BINDING, 0.0);
      double workerThreads = threadCpu.getOrDefault(Side.WORKER, 0.0);
      System.out.printf(
          Locale.ROOT,
          "| %d | %.0f | %.0f | %.0f | %.3f | %.3f | %.3f | %.0f | %.0f | %.0f | %.3f | %.3f |"
              + " %.3f |%n",
          c,
          rawRate,
          bindingRate,
          workerRate,
          bindingRate / rawRate,
          workerRate / bindingRate,
          workerRate / rawRate,
          rawCpu,
          bindingCpu,
          workerCpu,
          bindingCpu / rawCpu,
          workerCpu / bindingCpu,
          workerCpu / rawCpu);
      System.out.printf(
          Locale.ROOT,
          "  Java-thread CPU µs/task: raw %.0f, binding %.0f, worker %.0f; binding/raw %.3f,"
              + " worker/raw %.3f%n",
          rawThreads,
          bindingThreads,
          workerThreads,
          bindingThreads / rawThreads,
          workerThreads / rawThreads);
    }
  }

  /** One run; returns {tasks/s, process CPU µs per task, Java-thread CPU µs per task}. */
  private static double[] run(LocalBackend emulator, Backend backend, int c, int n, Side side)
      throws Exception {
    backend.schedule(n);
    AtomicInteger answered = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    TaskClient client = backend.client();
    TaskSource source = backend.source();
    long cpu0 = processCpuNanos();
    long threadCpu0 = InterleavedOverhead.cpuOfAllThreads();
    long t0 = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    ActivityWorker worker = null;
    if (side == Side.WORKER) {
      worker =
          ActivityWorker.builder(client)
              .handle(
                  source,
                  (task, ctx) -> {
                    answered.incrementAndGet();
                    return OUTPUT;
                  },
                  HandlerOptions.defaults().withPollers(Math.min(c, POLLERS)))
              .concurrency(c)
              .build();
      worker.start();
    } else {
      Runnable loop =
          side == Side.RAW
              ? () -> {
                while (!stop.get()) {
                  if (backend.rawPollAndAnswer()) {
                    answered.incrementAndGet();
                  }
                }
              }
              : () -> {
                while (!stop.get()) {
                  Optional<ActivityTask> task = client.poll(source, null);
                  if (task.isEmpty()) {
                    continue;
                  }
                  client.succeed(task.get().token(), OUTPUT);
                  answered.incrementAndGet();
                }
              };
      for (int i = 0; i < c; i++) {
        Thread t = new Thread(loop, side + "-" + i);
        t.start();
        threads.add(t);
      }
    }
    // Ends when every task was handed to the loop / handler and the emulator has none open.
    while (answered.get() < n || emulator.openActivityTasks() > 0) {
      Thread.onSpinWait();
      Thread.sleep(1);
    }
    long nanos = System.nanoTime() - t0;
    long cpu = processCpuNanos() - cpu0;
    // Before anything stops: a thread's CPU clock is gone once it has ended.
    long threadCpu = InterleavedOverhead.cpuOfAllThreads() - threadCpu0;
    stop.set(true);
    if (worker != null) {
      worker.shutdown(Duration.ZERO);
    }
    for (Thread t : threads) {
      t.join();
    }
    return new double[] {n * 1e9 / nanos, cpu / 1e3 / n, threadCpu / 1e3 / n};
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
