package com.example.twobackends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskbridge.emulator.LocalBackend;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;

/**
 * The same service, configured for each backend in turn, against the embedded emulator through
 * the real SWF and Step Functions APIs: one handler, two backends, no code changed.
 */
class ChargeCardServiceTest {

  private static final String GOOD = "{\"card\":\"4000-0000-0000-0077\"}";
  private static final String DECLINED = "{\"card\":\"4000-0000-0000-0002\"}";
  private static final String DECLINED_ERROR = CardDeclinedException.class.getName();

  private static LocalBackend backend;
  private static SfnClient sfn;
  private static SwfClient swf;

  @BeforeAll
  static void start() {
    // An idle long poll answers after 2 s instead of 60, so the worker shuts down quickly.
    backend = LocalBackend.builder().pollMaxWait(Duration.ofSeconds(2)).start();
    StaticCredentialsProvider credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret"));
    sfn =
        SfnClient.builder()
            .endpointOverride(backend.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    swf =
        SwfClient.builder()
            .endpointOverride(backend.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(credentials)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
  }

  @AfterAll
  static void stop() {
    sfn.close();
    swf.close();
    backend.close();
  }

  @Test
  void onStepFunctions_chargesAGoodCard_andFailsADeclinedOneWithItsClassName() {
    String activity = sfn.createActivity(b -> b.name("charge-card")).activityArn();
    String machine =
        sfn.createStateMachine(
                b ->
                    b.name("checkout")
                        .roleArn("arn:aws:iam::123456789012:role/checkout")
                        .definition(
                            "{\"StartAt\":\"ChargeCard\",\"States\":{\"ChargeCard\":{"
                                + "\"Type\":\"Task\",\"Resource\":\""
                                + activity
                                + "\",\"TimeoutSeconds\":300,\"End\":true}}}"))
            .stateMachineArn();

    try (ChargeCardService service =
        ChargeCardService.create(Map.of("BACKEND", "sfn", "ACTIVITY_ARN", activity), sfn, swf)) {
      service.start();
      String good = startExecution(machine, GOOD);
      String declined = startExecution(machine, DECLINED);

      DescribeExecutionResponse charged = awaitSfnEnd(good);
      assertEquals(ExecutionStatus.SUCCEEDED, charged.status());
      assertEquals("{\"charged\":true}", charged.output());
      assertEquals(ExecutionStatus.FAILED, awaitSfnEnd(declined).status());
      assertEquals(
          List.of(DECLINED_ERROR),
          sfn.getExecutionHistory(b -> b.executionArn(declined)).events().stream()
              .filter(e -> e.type() == HistoryEventType.ACTIVITY_FAILED)
              .map(e -> e.activityFailedEventDetails().error())
              .toList());
    }
  }

  @Test
  void onSwf_chargesAGoodCard_andFailsADeclinedOneWithItsClassName() {
    String domain = "billing";
    swf.registerDomain(b -> b.name(domain).workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(
        b ->
            b.domain(domain)
                .name("checkout")
                .version("1")
                .defaultTaskList(t -> t.name("decisions"))
                .defaultExecutionStartToCloseTimeout("3600")
                .defaultTaskStartToCloseTimeout("60")
                .defaultChildPolicy(ChildPolicy.TERMINATE));
    swf.registerActivityType(
        b ->
            b.domain(domain)
                .name("charge-card")
                .version("1")
                .defaultTaskList(t -> t.name("charge-card"))
                .defaultTaskScheduleToStartTimeout("300")
                .defaultTaskScheduleToCloseTimeout("600")
                .defaultTaskStartToCloseTimeout("300")
                .defaultTaskHeartbeatTimeout("NONE"));

    try (ChargeCardService service =
        ChargeCardService.create(
            Map.of("BACKEND", "swf", "SWF_DOMAIN", domain, "SWF_TASK_LIST", "charge-card"),
            sfn,
            swf)) {
      service.start();
      String good = startWorkflow(domain, "checkout-good", GOOD);
      String declined = startWorkflow(domain, "checkout-declined", DECLINED);

      HistoryEvent completed =
          awaitSwfEvent(domain, "checkout-good", good, EventType.ACTIVITY_TASK_COMPLETED);
      assertEquals("{\"charged\":true}", completed.activityTaskCompletedEventAttributes().result());
      HistoryEvent failed =
          awaitSwfEvent(domain, "checkout-declined", declined, EventType.ACTIVITY_TASK_FAILED);
      assertEquals(DECLINED_ERROR, failed.activityTaskFailedEventAttributes().reason());
    }
  }

  @Test
  void aBackendThatIsNeitherIsRefusedByName() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ChargeCardService.create(Map.of("BACKEND", "sqs"), sfn, swf));
    assertEquals("BACKEND must be sfn or swf, was 'sqs'", e.getMessage());
  }

  private static String startExecution(String machine, String input) {
    return sfn.startExecution(b -> b.stateMachineArn(machine).input(input)).executionArn();
  }

  private static DescribeExecutionResponse awaitSfnEnd(String execution) {
    return await(
        () -> {
          DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(execution));
          return d.status() == ExecutionStatus.RUNNING ? null : d;
        });
  }

  /**
   * Starts a run and, as its decider, schedules the one charge-card activity with {@code input}.
   *
   * @return the run's id
   */
  private static String startWorkflow(String domain, String workflowId, String input) {
    String runId =
        swf.startWorkflowExecution(
                b ->
                    b.domain(domain)
                        .workflowId(workflowId)
                        .workflowType(t -> t.name("checkout").version("1")))
            .runId();
    PollForDecisionTaskResponse d =
        await(
            () -> {
              PollForDecisionTaskResponse p =
                  swf.pollForDecisionTask(
                      b -> b.domain(domain).taskList(t -> t.name("decisions")).identity("decider"));
              return p.taskToken() == null || p.taskToken().isEmpty() ? null : p;
            });
    swf.respondDecisionTaskCompleted(
        b ->
            b.taskToken(d.taskToken())
                .decisions(
                    Decision.builder()
                        .decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
                        .scheduleActivityTaskDecisionAttributes(
                            a ->
                                a.activityType(t -> t.name("charge-card").version("1"))
                                    .activityId("charge")
                                    .input(input))
                        .build()));
    return runId;
  }

  private static HistoryEvent awaitSwfEvent(
      String domain, String workflowId, String runId, EventType type) {
    return await(
        () ->
            swf
                .getWorkflowExecutionHistory(
                    b -> b.domain(domain).execution(e -> e.workflowId(workflowId).runId(runId)))
                .events()
                .stream()
                .filter(e -> e.eventType() == type)
                .findFirst()
                .orElse(null));
  }

  /** The first non-null value of {@code probe}, polled for up to 30 s. */
  private static <T> T await(Supplier<T> probe) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      T value = probe.get();
      if (value != null) {
        return value;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    throw new AssertionError("not within 30 s");
  }
}
