package dev.taskbridge.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.TaskClient;
import dev.taskbridge.emulator.Fault;
import dev.taskbridge.emulator.FaultRule;
import dev.taskbridge.emulator.Faults;
import dev.taskbridge.emulator.LocalBackend;
import dev.taskbridge.emulator.ManualClock;
import dev.taskbridge.sfn.SfnTaskClient;
import dev.taskbridge.swf.SwfTaskClient;
import dev.taskbridge.worker.ActivityHandler;
import dev.taskbridge.worker.ActivityWorker;
import dev.taskbridge.worker.HandlerOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * {@link ActivityWorker} over the real bindings under injected faults on polls and reports, stopped
 * at random moments and replaced by a fresh worker on the same source, again and again, until every
 * scheduled task has been handed out. Then, from the emulator's histories: every task handed out
 * has exactly one terminal event and none is left started (the tasks a dropped poll answer lost are
 * closed by their timeout, and counted).
 *
 * <p>Tasks per backend: system property {@code taskbridge.workerSoak.tasks}, default 10,000.
 */
class WorkerSoakTest {

  private static final int TASKS = Integer.getInteger("taskbridge.workerSoak.tasks", 10_000);
  private static final long SEED = 20261202L;
  private static final Duration POLL_HOLD = Duration.ofSeconds(1);
  private static final int CONCURRENCY = 16;
  private static final int POLLERS = 8;

  /** Bound on the whole run of one backend; the test fails, not hangs, past it. */
  private static final Duration BOUND = Duration.ofSeconds(150);

  @ParameterizedTest
  @EnumSource(Backend.class)
  void everyTaskHandedOut_endsInExactlyOneTerminalEvent(Backend kind) throws Exception {
    try (LocalBackend backend =
        LocalBackend.builder().clock(new ManualClock()).pollMaxWait(POLL_HOLD).start()) {
      OpenTasks tasks = OpenTasks.scheduled(backend, kind, TASKS);
      Map<String, FaultRule> faults = injectFaults(backend.faults(), kind);
      Random random = new Random(SEED + (kind == Backend.SFN ? 0 : 1));
      AtomicInteger ran = new AtomicInteger();
      ActivityHandler handler =
          (task, ctx) -> {
            int h = task.token().hashCode();
            ran.incrementAndGet();
            Thread.sleep(Math.floorMod(h, 4));
            if (Math.floorMod(h, 10) == 0) {
              throw new IllegalStateException("declined");
            }
            return "{\"ok\":true}";
          };
      long start = System.nanoTime();
      int shutdowns = 0;
      OpenTasks.Ledger ledger;
      try (SfnClient sfn =
              Clients.sfn(backend.endpoint(), Duration.ofSeconds(5), false, List.of());
          SwfClient swf =
              Clients.swf(backend.endpoint(), Duration.ofSeconds(5), false, List.of())) {
        TaskClient client =
            kind == Backend.SFN ? SfnTaskClient.create(sfn) : SwfTaskClient.create(swf);
        do {
          assertThat(Duration.ofNanos(System.nanoTime() - start))
              .as("%s worker soak within its bound", kind)
              .isLessThan(BOUND);
          ActivityWorker worker =
              ActivityWorker.builder(client)
                  .handle(tasks.source(), handler, HandlerOptions.defaults().withPollers(POLLERS))
                  .identity("soak-" + shutdowns)
                  .concurrency(CONCURRENCY)
                  .build();
          worker.start();
          Thread.sleep(200 + random.nextInt(1300));
          worker.shutdown(Duration.ofMillis(random.nextInt(3) == 0 ? 0 : random.nextInt(50)));
          shutdowns++;
          ledger = tasks.ledger();
        } while (ledger.started() < TASKS);
      }
      Duration run = Duration.ofNanos(System.nanoTime() - start);
      int lost = ledger.open();
      int droppedPollAnswers =
          Objects.requireNonNull(faults.get(pollOp(kind) + " dropAfterApply")).applied();
      // A dropped poll answer loses its task on the client side (the field's "lost task"): only its
      // timeout closes it. Nothing else may be open.
      assertThat(lost).isLessThanOrEqualTo(droppedPollAnswers);
      backend.manualClock().advance(Duration.ofHours(2));
      OpenTasks.Ledger end = tasks.ledger();

      Map<String, Integer> injected = new LinkedHashMap<>();
      faults.forEach((k, r) -> injected.put(k, r.applied()));
      System.out.printf(
          Locale.ROOT,
          "%s worker soak: tasks=%d, run=%d ms, shutdowns=%d, handler runs=%d, faults injected=%d"
              + " %s, terminal=%s, failures by error=%s, lost to a dropped poll answer (closed by"
              + " timeout)=%d, setup=%d ms%n",
          kind,
          TASKS,
          run.toMillis(),
          shutdowns,
          ran.get(),
          injected.values().stream().mapToInt(Integer::intValue).sum(),
          injected,
          end.terminal(),
          end.failuresByError(),
          lost,
          tasks.setupTime().toMillis());

      assertThat(end.broken()).isEmpty();
      assertThat(end.scheduled()).isEqualTo(TASKS);
      assertThat(end.started()).isEqualTo(TASKS);
      assertThat(end.terminal().values().stream().mapToInt(Integer::intValue).sum())
          .isEqualTo(TASKS);
      assertThat(end.open()).isZero();
      assertThat(backend.openActivityTasks()).isZero();
      String timedOut = kind == Backend.SFN ? "ActivityTimedOut" : "ActivityTaskTimedOut";
      assertThat(end.terminal().getOrDefault(timedOut, 0)).isEqualTo(lost);
      assertThat(shutdowns).isGreaterThan(1);
      assertThat(end.failuresByError()).containsKey(ActivityWorker.WORKER_SHUTDOWN);
    }
  }

  private static String pollOp(Backend kind) {
    return kind == Backend.SFN
        ? "AWSStepFunctions.GetActivityTask"
        : "SimpleWorkflowService.PollForActivityTask";
  }

  /**
   * 20% of polls and of reports (success and failure) answered with faults: throttling 5%, 500 4%,
   * 503 4%, connection dropped before applying 4%, after applying 3% (shares of all calls; each
   * rule's fraction is of what the earlier rules left).
   */
  private static Map<String, FaultRule> injectFaults(Faults faults, Backend kind) {
    String prefix = kind == Backend.SFN ? "AWSStepFunctions." : "SimpleWorkflowService.";
    List<String> ops =
        kind == Backend.SFN
            ? List.of("GetActivityTask", "SendTaskSuccess", "SendTaskFailure")
            : List.of(
                "PollForActivityTask", "RespondActivityTaskCompleted", "RespondActivityTaskFailed");
    Map<String, Fault> kinds = new LinkedHashMap<>();
    kinds.put("throttling", Fault.throttling());
    kinds.put("internalFailure", Fault.internalFailure());
    kinds.put("serviceUnavailable", Fault.serviceUnavailable());
    kinds.put("dropBeforeApply", Fault.dropBeforeApply());
    kinds.put("dropAfterApply", Fault.dropAfterApply());
    double[] shares = {0.05, 0.04, 0.04, 0.04, 0.03};
    Map<String, FaultRule> rules = new LinkedHashMap<>();
    long seed = SEED;
    for (String op : ops) {
      double left = 1.0;
      int k = 0;
      for (Map.Entry<String, Fault> f : kinds.entrySet()) {
        rules.put(
            prefix + op + " " + f.getKey(),
            faults.fraction(shares[k] / left, seed++, prefix + op, f.getValue()));
        left -= shares[k];
        k++;
      }
    }
    return rules;
  }
}
