package dev.taskbridge.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkClient;

/**
 * What the contract tests cannot reach through a generated client; they show how the client's own
 * API call timeout is honoured (see {@code ReporterContractTest}).
 */
class SdkTaskClientTest {

  @Test
  void apiCallTimeout_isNullForAClientThatDoesNotShowItsConfiguration() {
    SdkClient handWritten =
        new SdkClient() {
          @Override
          public String serviceName() {
            return "states";
          }

          @Override
          public void close() {}
        };

    assertThat(SdkTaskClient.apiCallTimeout(handWritten)).isNull();
    // It may have an attempt timeout of its own: a poll outlasts it.
    assertThat(SdkTaskClient.pollAttemptTimeout(handWritten, Duration.ofSeconds(70)))
        .isEqualTo(Duration.ofSeconds(70));
  }
}
