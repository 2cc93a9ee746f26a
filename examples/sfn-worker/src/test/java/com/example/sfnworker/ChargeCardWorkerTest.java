package com.example.sfnworker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.taskbridge.emulator.LocalBackend;
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
import software.amazon.awssdk.services.sfn.model.ActivityFailedEventDetails;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;

/** The worker against the embedded emulator, through the real Step Functions API. */
class ChargeCardWorkerTest {

  private static LocalBackend backend;
  private static SfnClient sfn;
  private static String activity;
  private static String machine;

  @BeforeAll
  static void start() {
    backend = LocalBackend.builder().pollMaxWait(Duration.ofSeconds(5)).start();
    sfn =
        SfnClient.builder()
            .endpointOverride(backend.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    activity = sfn.createActivity(b -> b.name("charge-card")).activityArn();
    String definition =
        "{\"StartAt\":\"ChargeCard\",\"States\":{"
            + "\"ChargeCard\":{\"Type\":\"Task\",\"Resource\":\""
            + activity
            + "\",\"TimeoutSeconds\":300,\"Catch\":[{\"ErrorEquals\":[\"Payment.Declined\"],"
            + "\"ResultPath\":\"$.failure\",\"Next\":\"AskForAnotherCard\"}],\"End\":true},"
            + "\"AskForAnotherCard\":{\"Type\":\"Pass\",\"End\":true}}}";
    machine =
        sfn.createStateMachine(
                b ->
                    b.name("checkout")
                        .definition(definition)
                        .roleArn("arn:aws:iam::123456789012:role/checkout"))
            .stateMachineArn();
  }

  @AfterAll
  static void stop() {
    sfn.close();
    backend.close();
  }

  @Test
  void declinedCardFailsTheTaskWithItsErrorCodeAndTheStateMachineCatchesIt() {
    String execution = start("{\"card\":\"4000-0000-0000-0002\"}");

    assertTrue(new ChargeCardWorker(sfn, activity, ChargeCardWorker::charge).pollOnce());

    List<ActivityFailedEventDetails> failures =
        history(execution).stream()
            .filter(e -> e.type() == HistoryEventType.ACTIVITY_FAILED)
            .map(HistoryEvent::activityFailedEventDetails)
            .collect(Collectors.toList());
    assertEquals(1, failures.size());
    assertEquals("Payment.Declined", failures.get(0).error());
    String cause = failures.get(0).cause();
    assertTrue(cause.contains("card declined by the issuer"), "errorMessage in the cause");
    assertTrue(cause.contains(PaymentDeclinedException.class.getName()), "errorType in the cause");
    DescribeExecutionResponse done = sfn.describeExecution(b -> b.executionArn(execution));
    assertEquals(ExecutionStatus.SUCCEEDED, done.status(), "taken by the Catch, not failed");
    assertTrue(done.output().contains("Payment.Declined"), "the failure placed at $.failure");
  }

  @Test
  void goodCardSucceeds() {
    String execution = start("{\"card\":\"4000-0000-0000-0077\"}");

    assertTrue(new ChargeCardWorker(sfn, activity, ChargeCardWorker::charge).pollOnce());

    DescribeExecutionResponse done = sfn.describeExecution(b -> b.executionArn(execution));
    assertEquals(ExecutionStatus.SUCCEEDED, done.status());
    assertEquals("{\"charged\":true}", done.output());
    assertFalse(
        history(execution).stream().anyMatch(e -> e.type() == HistoryEventType.ACTIVITY_FAILED));
  }

  private static String start(String input) {
    return sfn.startExecution(b -> b.stateMachineArn(machine).input(input)).executionArn();
  }

  private static List<HistoryEvent> history(String execution) {
    return sfn.getExecutionHistory(b -> b.executionArn(execution)).events();
  }
}
