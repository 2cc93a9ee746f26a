package dev.taskbridge.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.EventType;

/** Many workers polling and reporting at once: no task lost, none handed out twice. */
class ConcurrencyTest {
  static final int POLLERS = 8;
  static final int TASKS_PER_POLLER = 200;
  static final int TASKS = POLLERS * TASKS_PER_POLLER;

  @Test
  void aBlockedTaskHandler_holdsNoEventLoop_swfRequestsAreAnswered() throws Exception {
    String lambda = "arn:aws:lambda:us-east-1:123456789012:function:slow";
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // one event loop: were the handler run on it, nothing else would be answered while it waits
    try (LocalBackend backend = LocalBackend.builder().threads(1).start();
        SfnClient sfn = TestClients.sfn(backend.endpoint());
        SwfClient swf = TestClients.swf(backend.endpoint())) {
      backend.registerTaskHandler(
          lambda,
          input -> {
            entered.countDown();
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return "{}";
          });
      SfnFixture fx = new SfnFixture(sfn);
      String sm =
          fx.machine(
              "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\""
                  + lambda
                  + "\",\"End\":true}}}");
      CompletableFuture<String> started =
          CompletableFuture.supplyAsync(
              () -> sfn.startExecution(b -> b.stateMachineArn(sm)).executionArn());
      try {
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        // SWF runs no task handlers: its requests are served on the event loop, which is free
        CompletableFuture<String> registered =
            CompletableFuture.supplyAsync(
                () -> {
                  swf.registerDomain(
                      b -> b.name("d-blocked").workflowExecutionRetentionPeriodInDays("1"));
                  return swf.describeDomain(b -> b.name("d-blocked")).domainInfo().name();
                });
        assertThat(registered.get(10, TimeUnit.SECONDS)).isEqualTo("d-blocked");
        assertThat(started).isNotDone();
      } finally {
        release.countDown();
      }
      assertThat(started.get(10, TimeUnit.SECONDS)).isNotEmpty();
    }
  }

  @Test
  void sfn_eightPollers_everyTaskDeliveredExactlyOnce() throws Exception {
    try (LocalBackend backend = LocalBackend.builder().pollMaxWait(Duration.ofMillis(500)).start();
        SfnClient sfn = TestClients.sfn(backend.endpoint())) {
      SfnFixture fx = new SfnFixture(sfn);
      String sm = fx.machine(SfnFixture.taskDefinition(fx.activityArn, ""));
      ExecutorService pool = Executors.newFixedThreadPool(POLLERS + 2);
      Set<String> tokens = ConcurrentHashMap.newKeySet();
      Set<String> inputs = ConcurrentHashMap.newKeySet();
      AtomicInteger delivered = new AtomicInteger();
      AtomicInteger duplicates = new AtomicInteger();
      List<Future<?>> futures = new ArrayList<>();
      for (int p = 0; p < POLLERS; p++) {
        String worker = "w" + p;
        futures.add(
            pool.submit(
                () -> {
                  while (delivered.get() < TASKS) {
                    var t =
                        sfn.getActivityTask(b -> b.activityArn(fx.activityArn).workerName(worker));
                    if (t.taskToken() == null) {
                      continue;
                    }
                    delivered.incrementAndGet();
                    if (!tokens.add(t.taskToken()) || !inputs.add(t.input())) {
                      duplicates.incrementAndGet();
                    }
                    sfn.sendTaskFailure(
                        b -> b.taskToken(t.taskToken()).error("E").cause(t.input()));
                  }
                  return null;
                }));
      }
      List<String> executions = new ArrayList<>();
      for (int starter = 0; starter < 2; starter++) {
        int s0 = starter;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = s0; i < TASKS; i += 2) {
                    int n = i;
                    String arn =
                        sfn.startExecution(b -> b.stateMachineArn(sm).input("{\"n\":" + n + "}"))
                            .executionArn();
                    synchronized (executions) {
                      executions.add(arn);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(90, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(duplicates.get()).isZero();
      assertThat(delivered.get()).isEqualTo(TASKS);
      assertThat(tokens).hasSize(TASKS);
      assertThat(inputs).hasSize(TASKS);
      assertThat(executions).hasSize(TASKS);
      for (String exec : executions) {
        assertThat(sfn.describeExecution(b -> b.executionArn(exec)).status())
            .isEqualTo(ExecutionStatus.FAILED);
      }
      assertThat(backend.openActivityTasks()).isZero();
    }
  }

  @Test
  void swf_manyWorkers_everyActivityDeliveredExactlyOnce() throws Exception {
    int runs = 100;
    try (LocalBackend backend = LocalBackend.builder().pollMaxWait(Duration.ofMillis(300)).start();
        SwfClient swf = TestClients.swf(backend.endpoint())) {
      SwfFixture fx = new SwfFixture(swf);
      for (int i = 0; i < runs; i++) {
        fx.start();
      }
      ExecutorService pool = Executors.newFixedThreadPool(8);
      AtomicInteger closedRuns = new AtomicInteger();
      AtomicInteger worked = new AtomicInteger();
      Set<String> activityTokens = ConcurrentHashMap.newKeySet();
      AtomicInteger duplicates = new AtomicInteger();
      List<Future<?>> futures = new ArrayList<>();
      for (int d = 0; d < 4; d++) {
        futures.add(
            pool.submit(
                () -> {
                  while (closedRuns.get() < runs) {
                    var task = fx.pollDecision();
                    if (task.taskToken().isEmpty()) {
                      continue;
                    }
                    boolean failed =
                        task.events().stream()
                            .anyMatch(e -> e.eventType() == EventType.ACTIVITY_TASK_FAILED);
                    Decision decision =
                        failed
                            ? Decision.builder()
                                .decisionType(DecisionType.FAIL_WORKFLOW_EXECUTION)
                                .failWorkflowExecutionDecisionAttributes(a -> a.reason("R"))
                                .build()
                            : SwfFixture.schedule("a", "");
                    swf.respondDecisionTaskCompleted(
                        b -> b.taskToken(task.taskToken()).decisions(decision));
                    if (failed) {
                      closedRuns.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (int w = 0; w < 4; w++) {
        futures.add(
            pool.submit(
                () -> {
                  while (worked.get() < runs) {
                    var task = fx.pollActivity();
                    if (task.taskToken().isEmpty()) {
                      continue;
                    }
                    worked.incrementAndGet();
                    if (!activityTokens.add(task.taskToken())) {
                      duplicates.incrementAndGet();
                    }
                    swf.respondActivityTaskFailed(b -> b.taskToken(task.taskToken()).reason("R"));
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(90, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertThat(duplicates.get()).isZero();
      assertThat(worked.get()).isEqualTo(runs);
      assertThat(activityTokens).hasSize(runs);
      assertThat(closedRuns.get()).isEqualTo(runs);
    }
  }
}
