package dev.taskbridge.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.taskbridge.api.Backend;
import dev.taskbridge.api.ErrorCode;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.conformance.BackendDriver.OpenTask;
import dev.taskbridge.conformance.BackendDriver.RecordedFailure;
import dev.taskbridge.conformance.BackendDriver.TaskSpec;
import dev.taskbridge.sfn.SfnTaskFailureReporter;
import dev.taskbridge.swf.SwfTaskFailureReporter;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * A converted exception goes through each binding to the emulator, and the history records exactly
 * what was sent, on both backends.
 */
class FailureRoundTripTest {

  @ErrorCode("Payment.Declined")
  static final class PaymentDeclinedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PaymentDeclinedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static Target target;

  @BeforeAll
  static void start() {
    target = Targets.embeddedEmulator();
  }

  @AfterAll
  static void stop() {
    target.close();
  }

  private static Throwable nasty() {
    IOException io =
        new IOException("gateway said 402 \uD83D\uDCB3 for J. Roe \u0000 " + "x".repeat(50_000));
    PaymentDeclinedException top = new PaymentDeclinedException("card declined", io);
    top.addSuppressed(new IllegalStateException("cleanup failed"));
    return top;
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void convertedFailure_isRecordedByTheBackendExactlyAsSent(Backend backend) throws Exception {
    TaskFailure sent = TaskFailure.from(nasty());
    assertThat(sent.error()).isEqualTo("Payment.Declined");
    JsonNode cause = new ObjectMapper().readTree(sent.cause());
    assertThat(cause.get("errorType").asText()).endsWith("PaymentDeclinedException");

    RecordedFailure recorded;
    try (UrlConnectionHttpClient http =
        (UrlConnectionHttpClient) UrlConnectionHttpClient.create()) {
      if (backend == Backend.SFN) {
        SfnClient sfn = TargetClients.sfn(target, http, List.of());
        try (SfnDriver driver = new SfnDriver(sfn, target.sfnRoleArn(), "roundtrip")) {
          driver.prepare();
          OpenTask task = driver.open(TaskSpec.plain());
          SfnTaskFailureReporter.create(sfn).report(TaskToken.of(backend, task.token()), sent);
          recorded = driver.failures(task).get(0);
        }
      } else {
        SwfClient swf = TargetClients.swf(target, http, List.of());
        try (SwfDriver driver =
            new SwfDriver(swf, ConformanceKit.DEFAULT_SWF_DOMAIN, "roundtrip")) {
          driver.prepare();
          OpenTask task = driver.open(TaskSpec.plain());
          SwfTaskFailureReporter.create(swf).report(TaskToken.of(backend, task.token()), sent);
          recorded = driver.failures(task).get(0);
        }
      }
    }

    assertThat(recorded.error()).isEqualTo(sent.error());
    assertThat(recorded.cause()).isEqualTo(sent.cause());
  }
}
