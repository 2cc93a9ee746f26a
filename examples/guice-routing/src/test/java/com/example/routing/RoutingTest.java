package com.example.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import dev.taskbridge.api.Backend;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.emulator.LocalBackend;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ActivityTaskFailedEventAttributes;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.EventType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;
import software.amazon.awssdk.services.swf.model.StartWorkflowExecutionResponse;

/** One injected reporter, two backends: each report lands on the backend of its token. */
class RoutingTest {

  private static final String DOMAIN = "orders";

  private static LocalBackend backend;
  private static SfnClient sfn;
  private static SwfClient swf;
  private static FailureHandler handler;

  @BeforeAll
  static void start() {
    backend = LocalBackend.builder().pollMaxWait(Duration.ofSeconds(5)).start();
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
    handler = Guice.createInjector(new ReportingModule(sfn, swf)).getInstance(FailureHandler.class);
    registerSwfTypes();
  }

  @AfterAll
  static void stop() {
    sfn.close();
    swf.close();
    backend.close();
  }

  @Test
  void stepFunctionsTokenIsReportedToStepFunctions() {
    String activity = sfn.createActivity(b -> b.name("ship")).activityArn();
    String machine =
        sfn.createStateMachine(
                b ->
                    b.name("shipping")
                        .roleArn("arn:aws:iam::123456789012:role/shipping")
                        .definition(
                            "{\"StartAt\":\"Ship\",\"States\":{\"Ship\":{\"Type\":\"Task\","
                                + "\"Resource\":\""
                                + activity
                                + "\",\"End\":true}}}"))
            .stateMachineArn();
    String execution =
        sfn.startExecution(b -> b.stateMachineArn(machine).input("{}")).executionArn();
    String token =
        sfn.getActivityTask(b -> b.activityArn(activity).workerName("shipper")).taskToken();

    assertTrue(handler.fail(TaskToken.of(Backend.SFN, token), new IOException("carrier down")));

    List<String> errors =
        sfn.getExecutionHistory(b -> b.executionArn(execution)).events().stream()
            .filter(e -> e.type() == HistoryEventType.ACTIVITY_FAILED)
            .map(e -> e.activityFailedEventDetails().error())
            .collect(Collectors.toList());
    assertEquals(List.of("java.io.IOException"), errors);
    // A second report finds the task closed: TaskGoneException, which the handler absorbs.
    assertFalse(handler.fail(TaskToken.of(Backend.SFN, token), new IOException("again")));
  }

  @Test
  void swfTokensTaggedOrNotAreReportedToSwf() {
    StartWorkflowExecutionResponse run = startWorkflowWithTwoActivities("order-1");
    String first = pollActivity();
    String second = pollActivity();

    assertTrue(handler.fail(TaskToken.of(Backend.SWF, first), new IllegalStateException("a")));
    assertTrue(handler.fail(TaskToken.of(second), new IllegalArgumentException("b"))); // untagged

    List<String> reasons =
        swf
            .getWorkflowExecutionHistory(
                b -> b.domain(DOMAIN).execution(e -> e.workflowId("order-1").runId(run.runId())))
            .events()
            .stream()
            .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_FAILED)
            .map(HistoryEvent::activityTaskFailedEventAttributes)
            .map(ActivityTaskFailedEventAttributes::reason)
            .sorted()
            .collect(Collectors.toList());
    assertEquals(
        List.of("java.lang.IllegalArgumentException", "java.lang.IllegalStateException"), reasons);
  }

  private static void registerSwfTypes() {
    swf.registerDomain(b -> b.name(DOMAIN).workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(
        b ->
            b.domain(DOMAIN)
                .name("order")
                .version("1")
                .defaultTaskList(t -> t.name("decisions"))
                .defaultExecutionStartToCloseTimeout("3600")
                .defaultTaskStartToCloseTimeout("60")
                .defaultChildPolicy(ChildPolicy.TERMINATE));
    swf.registerActivityType(
        b ->
            b.domain(DOMAIN)
                .name("pack")
                .version("1")
                .defaultTaskList(t -> t.name("activities"))
                .defaultTaskScheduleToStartTimeout("NONE")
                .defaultTaskScheduleToCloseTimeout("NONE")
                .defaultTaskStartToCloseTimeout("NONE")
                .defaultTaskHeartbeatTimeout("NONE"));
  }

  /** Starts a workflow whose first decision schedules two activities. */
  private static StartWorkflowExecutionResponse startWorkflowWithTwoActivities(String id) {
    StartWorkflowExecutionResponse run =
        swf.startWorkflowExecution(
            b -> b.domain(DOMAIN).workflowId(id).workflowType(t -> t.name("order").version("1")));
    PollForDecisionTaskResponse decision =
        swf.pollForDecisionTask(
            b -> b.domain(DOMAIN).taskList(t -> t.name("decisions")).identity("decider"));
    swf.respondDecisionTaskCompleted(
        b -> b.taskToken(decision.taskToken()).decisions(schedule("a1"), schedule("a2")));
    return run;
  }

  private static Decision schedule(String activityId) {
    return Decision.builder()
        .decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
        .scheduleActivityTaskDecisionAttributes(
            a -> a.activityType(t -> t.name("pack").version("1")).activityId(activityId))
        .build();
  }

  private static String pollActivity() {
    String token =
        swf.pollForActivityTask(
                b -> b.domain(DOMAIN).taskList(t -> t.name("activities")).identity("packer"))
            .taskToken();
    if (token == null || token.isEmpty()) {
      throw new AssertionError("no activity task delivered");
    }
    return token;
  }
}
