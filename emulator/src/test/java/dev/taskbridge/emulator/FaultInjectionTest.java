package dev.taskbridge.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.KmsAccessDeniedException;
import software.amazon.awssdk.services.sfn.model.KmsInvalidStateException;
import software.amazon.awssdk.services.sfn.model.KmsKeyState;
import software.amazon.awssdk.services.sfn.model.KmsThrottlingException;
import software.amazon.awssdk.services.sfn.model.SfnException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.OperationNotPermittedException;
import software.amazon.awssdk.services.swf.model.SwfException;

/** Every injectable fault, observed through unmodified SDK clients. */
class FaultInjectionTest {
  static final String SEND_TASK_FAILURE = "AWSStepFunctions.SendTaskFailure";

  static LocalBackend backend;
  static SfnClient sfn;
  static SfnClient sfnNoRetry;
  static SwfClient swfNoRetry;
  static SfnFixture fx;

  @BeforeAll
  static void start() {
    backend =
        LocalBackend.builder().clock(new ManualClock()).pollMaxWait(Duration.ofMillis(100)).start();
    sfn = TestClients.sfn(backend.endpoint());
    sfnNoRetry = TestClients.sfnNoRetry(backend.endpoint());
    swfNoRetry = TestClients.swfNoRetry(backend.endpoint());
    fx = new SfnFixture(sfn);
  }

  @AfterAll
  static void stop() {
    sfn.close();
    sfnNoRetry.close();
    swfNoRetry.close();
    backend.close();
  }

  @BeforeEach
  void clearFaults() {
    backend.faults().clear();
  }

  private static void failWith(Fault fault, String token) {
    backend.faults().next(1, SEND_TASK_FAILURE, fault);
    sfnNoRetry.sendTaskFailure(b -> b.taskToken(token).error("E"));
  }

  @Test
  void throttling_isAnUnmodeledThrottlingExceptionThatTheSdkRetries() {
    String token = fx.startAndTake("");
    assertThatThrownBy(() -> failWith(Fault.throttling(), token))
        .isExactlyInstanceOf(SfnException.class)
        .satisfies(
            e -> {
              SfnException s = (SfnException) e;
              assertThat(s.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
              assertThat(s.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
              assertThat(s.isThrottlingException()).isTrue();
              assertThat(s.statusCode()).isEqualTo(400);
            });

    long before = backend.requestCount(SEND_TASK_FAILURE);
    FaultRule rule = backend.faults().next(1, SEND_TASK_FAILURE, Fault.throttling());
    sfn.sendTaskFailure(b -> b.taskToken(token).error("E"));
    assertThat(backend.requestCount(SEND_TASK_FAILURE)).isEqualTo(before + 2);
    assertThat(rule.applied()).isEqualTo(1);
    assertThat(rule.remaining()).isZero();
  }

  @Test
  void kmsFaults_mapToTheirModeledExceptions() {
    String token = fx.startAndTake("");
    assertThatThrownBy(() -> failWith(Fault.kmsThrottling(), token))
        .isInstanceOf(KmsThrottlingException.class)
        .satisfies(e -> assertThat(((SfnException) e).isThrottlingException()).isFalse());
    assertThatThrownBy(() -> failWith(Fault.kmsAccessDenied(), token))
        .isInstanceOf(KmsAccessDeniedException.class);
    assertThatThrownBy(() -> failWith(Fault.kmsInvalidState("DISABLED"), token))
        .isInstanceOf(KmsInvalidStateException.class)
        .satisfies(
            e ->
                assertThat(((KmsInvalidStateException) e).kmsKeyState())
                    .isEqualTo(KmsKeyState.DISABLED));
    sfnNoRetry.sendTaskFailure(b -> b.taskToken(token).error("E"));
  }

  @Test
  void accessDenied_onBothServices_isUnmodeledAccessDeniedException() {
    String token = fx.startAndTake("");
    assertThatThrownBy(() -> failWith(Fault.accessDenied(), token))
        .isExactlyInstanceOf(SfnException.class)
        .satisfies(
            e -> {
              SfnException s = (SfnException) e;
              assertThat(s.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
              assertThat(s.awsErrorDetails().errorMessage())
                  .contains("is not authorized to perform: states:SendTaskFailure");
            });
    backend.faults().next(1, Faults.ANY_SWF, Fault.accessDenied());
    assertThatThrownBy(() -> swfNoRetry.describeDomain(b -> b.name("d")))
        .isExactlyInstanceOf(SwfException.class)
        .satisfies(
            e ->
                assertThat(((SwfException) e).awsErrorDetails().errorMessage())
                    .contains("swf:DescribeDomain"));
    backend
        .faults()
        .next(1, "SimpleWorkflowService.RespondActivityTaskFailed", Fault.operationNotPermitted());
    assertThatThrownBy(() -> swfNoRetry.respondActivityTaskFailed(b -> b.taskToken("t")))
        .isInstanceOf(OperationNotPermittedException.class);
  }

  @Test
  void serverErrors_500and503_areRetriedBySdkAndSurfacedWithoutRetries() {
    String token = fx.startAndTake("");
    assertThatThrownBy(() -> failWith(Fault.internalFailure(), token))
        .isInstanceOf(SfnException.class)
        .satisfies(
            e -> {
              assertThat(((SfnException) e).statusCode()).isEqualTo(500);
              assertThat(((SfnException) e).awsErrorDetails().errorCode())
                  .isEqualTo("InternalFailure");
            });
    assertThatThrownBy(() -> failWith(Fault.serviceUnavailable(), token))
        .isInstanceOf(SfnException.class)
        .satisfies(e -> assertThat(((SfnException) e).statusCode()).isEqualTo(503));
    backend.faults().next(2, SEND_TASK_FAILURE, Fault.internalFailure());
    sfn.sendTaskFailure(b -> b.taskToken(token).error("E"));
  }

  @Test
  void customError_isAnsweredAsGiven() {
    String token = fx.startAndTake("");
    assertThatThrownBy(
            () -> failWith(Fault.error(429, "TooManyRequestsException", "slow down"), token))
        .isInstanceOf(SfnException.class)
        .satisfies(
            e -> {
              assertThat(((SfnException) e).statusCode()).isEqualTo(429);
              assertThat(((SfnException) e).isThrottlingException()).isTrue();
            });
  }

  @Test
  void delay_postponesTheAnswer_andTheCallIsApplied() {
    String token = fx.startAndTake("");
    backend.faults().next(1, SEND_TASK_FAILURE, Fault.delay(Duration.ofMillis(300)));
    long t0 = System.nanoTime();
    sfnNoRetry.sendTaskFailure(b -> b.taskToken(token).error("E"));
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThatThrownBy(() -> sfnNoRetry.sendTaskFailure(b -> b.taskToken(token).error("E")))
        .isInstanceOf(TaskTimedOutException.class);
  }

  @Test
  void dropBeforeApply_clientSeesIoError_andTheTaskIsStillOpen() {
    String exec = fx.start("");
    String token = fx.poll().taskToken();
    backend.faults().next(1, SEND_TASK_FAILURE, Fault.dropBeforeApply());
    assertThatThrownBy(() -> sfnNoRetry.sendTaskFailure(b -> b.taskToken(token).error("E")))
        .isInstanceOf(SdkClientException.class)
        .hasRootCauseInstanceOf(IOException.class);
    assertThat(fx.types(exec)).doesNotContain("ActivityFailed");
    sfnNoRetry.sendTaskFailure(b -> b.taskToken(token).error("E"));
  }

  @Test
  void dropAfterApply_reportLandsButClientSeesIoError() {
    String exec = fx.start("");
    String token = fx.poll().taskToken();
    long before = backend.requestCount(SEND_TASK_FAILURE);
    backend.faults().next(1, SEND_TASK_FAILURE, Fault.dropAfterApply());

    assertThatThrownBy(
            () -> sfnNoRetry.sendTaskFailure(b -> b.taskToken(token).error("Landed").cause("c")))
        .isInstanceOf(SdkClientException.class)
        .hasRootCauseInstanceOf(IOException.class);

    assertThat(backend.requestCount(SEND_TASK_FAILURE)).isEqualTo(before + 1);
    var events = fx.history(exec);
    assertThat(events.get(4).type()).isEqualTo(HistoryEventType.ACTIVITY_FAILED);
    assertThat(events.get(4).activityFailedEventDetails().error()).isEqualTo("Landed");
    assertThat(backend.sfnHistory(exec)).hasSize(6);
    assertThatThrownBy(() -> sfnNoRetry.sendTaskFailure(b -> b.taskToken(token).error("E")))
        .isInstanceOf(TaskTimedOutException.class);
  }

  @Test
  void dropAfterApply_withTheAsyncNettyClient() {
    String exec = fx.start("");
    String token = fx.poll().taskToken();
    backend.faults().next(1, SEND_TASK_FAILURE, Fault.dropAfterApply());
    try (SfnAsyncClient async = TestClients.sfnAsyncNoRetry(backend.endpoint())) {
      assertThatThrownBy(() -> async.sendTaskFailure(b -> b.taskToken(token).error("E")).join())
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(SdkClientException.class)
          .hasRootCauseInstanceOf(IOException.class);
    }
    assertThat(fx.types(exec)).contains("ActivityFailed", "ExecutionFailed");
  }

  @Test
  void fraction_isSeededAndReproducible() {
    String arn = fx.activityArn;
    int[] failures = new int[2];
    for (int round = 0; round < 2; round++) {
      backend.faults().clear();
      FaultRule rule =
          backend
              .faults()
              .fraction(0.5, 42L, "AWSStepFunctions.DescribeActivity", Fault.accessDenied());
      for (int i = 0; i < 40; i++) {
        try {
          sfnNoRetry.describeActivity(b -> b.activityArn(arn));
        } catch (SfnException e) {
          failures[round]++;
        }
      }
      assertThat(rule.applied()).isEqualTo(failures[round]);
    }
    assertThat(failures[0]).isEqualTo(failures[1]).isBetween(5, 35);
  }

  @Test
  void serviceSelector_affectsOnlyThatService() {
    backend.faults().next(5, Faults.ANY_SWF, Fault.operationNotPermitted());
    sfnNoRetry.describeActivity(b -> b.activityArn(fx.activityArn));
    assertThatThrownBy(() -> swfNoRetry.describeDomain(b -> b.name("x")))
        .isInstanceOf(OperationNotPermittedException.class);
    backend.faults().clear();
    assertThat(backend.faults().rules()).isEmpty();
  }

  @Test
  void requestCounters_countEveryCallByTarget() {
    long before = backend.requestCount("AWSStepFunctions.DescribeActivity");
    sfn.describeActivity(b -> b.activityArn(fx.activityArn));
    sfn.describeActivity(b -> b.activityArn(fx.activityArn));
    assertThat(backend.requestCount("AWSStepFunctions.DescribeActivity")).isEqualTo(before + 2);
    assertThat(backend.requestCounts()).containsKey("AWSStepFunctions.CreateActivity");
  }

  @Test
  void errorTypeHeader_whenEnabled_carriesTheBareCode() throws Exception {
    try (LocalBackend withHeader = LocalBackend.builder().sendErrorTypeHeader(true).start();
        SfnClient client = TestClients.sfnNoRetry(withHeader.endpoint())) {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(withHeader.endpoint() + "/"))
                      .header("X-Amz-Target", SEND_TASK_FAILURE)
                      .header("Content-Type", "application/x-amz-json-1.0")
                      .POST(HttpRequest.BodyPublishers.ofString("{\"taskToken\":\"nope\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.headers().firstValue("x-amzn-ErrorType")).contains("InvalidToken");
      assertThat(r.body())
          .isEqualTo(
              "{\"__type\":\"com.amazonaws.swf.service.v2.model#InvalidToken\","
                  + "\"message\":\"Invalid Token: 'Invalid token'\"}");
      assertThatThrownBy(() -> client.sendTaskFailure(b -> b.taskToken("nope")))
          .isInstanceOf(software.amazon.awssdk.services.sfn.model.InvalidTokenException.class);
    }
  }
}
