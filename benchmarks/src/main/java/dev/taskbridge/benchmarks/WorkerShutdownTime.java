package dev.taskbridge.benchmarks;

import dev.taskbridge.api.TaskClient;
import dev.taskbridge.api.TaskSource;
import dev.taskbridge.emulator.LocalBackend;
import dev.taskbridge.sfn.SfnTaskClient;
import dev.taskbridge.worker.ActivityWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * How long {@link ActivityWorker#shutdown(Duration)} takes with every poll outstanding, against
 * issue 12's goal: at most the emulator's poll wait + the longest task + 1 s. Step Functions, the
 * emulator in this JVM with a short poll hold, a worker of concurrency 16 over {@link
 * SfnTaskClient}. Two cases, each run several times: <b>idle</b> (no task: every poller holds a
 * long poll when shutdown begins) and <b>busy</b> (8 tasks running a handler of fixed length when
 * shutdown begins, the other pollers holding polls). The grace (30 s) is longer than either, so
 * each shutdown drains: every task ends answered, none failed with {@code WorkerShutdown}.
 *
 * <p>Arguments: {@code [poll wait ms (default 3000)] [task ms (default 500)] [runs (default 5)]}.
 * Prints one Markdown row per case: median and longest shutdown time, and the goal.
 */
public final class WorkerShutdownTime {

  private static final int CONCURRENCY = 16;
  private static final int BUSY_TASKS = 8;
  private static final Duration GRACE = Duration.ofSeconds(30);

  private WorkerShutdownTime() {}

  /** Runs both cases and prints their rows. */
  public static void main(String[] args) throws Exception {
    long pollWaitMs = args.length > 0 ? Long.parseLong(args[0]) : 3000;
    long taskMs = args.length > 1 ? Long.parseLong(args[1]) : 500;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    try (LocalBackend backend =
            LocalBackend.builder().pollMaxWait(Duration.ofMillis(pollWaitMs)).start();
        SfnClient sfn = Clients.sfnForPolls(backend.endpoint(), Duration.ofMillis(pollWaitMs))) {
      RawTasks tasks = new RawTasks(backend.endpoint());
      TaskClient client = SfnTaskClient.create(sfn);
      System.out.println(
          "| case | poll wait ms | task ms | runs | median shutdown ms | longest ms | goal ms |"
              + " met |");
      System.out.println("|---|---|---|---|---|---|---|---|");
      for (boolean busy : new boolean[] {false, true}) {
        List<Long> times = new ArrayList<>();
        measure(backend, tasks, client, busy, taskMs); // warm-up, not counted
        for (int r = 0; r < runs; r++) {
          times.add(measure(backend, tasks, client, busy, taskMs));
        }
        Collections.sort(times);
        long goal = pollWaitMs + (busy ? taskMs : 0) + 1000;
        long longest = times.get(times.size() - 1);
        System.out.printf(
            Locale.ROOT,
            "| %s | %d | %d | %d | %d | %d | %d | %s |%n",
            busy ? "busy: 8 tasks running, 8 polls held" : "idle: 16 polls held",
            pollWaitMs,
            busy ? taskMs : 0,
            runs,
            times.get(times.size() / 2),
            longest,
            goal,
            longest <= goal ? "yes" : "no");
      }
    }
  }

  /** One start, (for busy: 8 tasks under way), shutdown; returns the shutdown's milliseconds. */
  private static long measure(
      LocalBackend backend, RawTasks tasks, TaskClient client, boolean busy, long taskMs)
      throws Exception {
    AtomicInteger started = new AtomicInteger();
    AtomicInteger finished = new AtomicInteger();
    ActivityWorker worker =
        ActivityWorker.builder(client)
            .handle(
                TaskSource.sfnActivity(tasks.activityArn()),
                (task, ctx) -> {
                  started.incrementAndGet();
                  Thread.sleep(taskMs);
                  finished.incrementAndGet();
                  return "{}";
                })
            .concurrency(CONCURRENCY)
            .build();
    worker.start();
    if (busy) {
      tasks.scheduleSfn(BUSY_TASKS);
      while (started.get() < BUSY_TASKS) {
        Thread.sleep(1);
      }
    } else {
      Thread.sleep(500); // every poller is now holding a poll
    }
    long t0 = System.nanoTime();
    worker.shutdown(GRACE);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    if (finished.get() != started.get() || backend.openActivityTasks() != 0) {
      throw new IllegalStateException(
          "shutdown left "
              + (started.get() - finished.get())
              + " handler(s) unfinished and "
              + backend.openActivityTasks()
              + " task(s) open");
    }
    return ms;
  }
}
