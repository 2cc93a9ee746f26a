package dev.taskbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/** {@code taskbridge emulator}, run in a thread and stopped by interrupting it. */
class EmulatorCommandTest {

  @Test
  void emulator_startsPrintsEndpointServesSdkCallsAndStopsOnInterrupt() throws Exception {
    EmulatorInThread emulator = new EmulatorInThread("--port", "0");
    URI endpoint = emulator.awaitEndpoint();
    assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
    assertThat(emulator.out.toString(StandardCharsets.UTF_8).lines()).hasSize(1);

    try (SfnClient sfn =
        SfnClient.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "x")))
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build()) {
      String arn = sfn.createActivity(b -> b.name("emulator-command-test")).activityArn();
      assertThat(sfn.describeActivity(b -> b.activityArn(arn)).name())
          .isEqualTo("emulator-command-test");
    }

    assertThat(emulator.stop()).isZero();
    assertThat(emulator.err.toString(StandardCharsets.UTF_8)).contains("stopped");
    assertThatThrownBy(() -> new Socket(endpoint.getHost(), endpoint.getPort()).close())
        .isInstanceOf(IOException.class);
  }

  @Test
  void emulatorHelp_saysTheClockCanBeMoved_andListsTheSignalExitCodes() {
    CliRun run = CliRun.of("emulator", "--help");

    assertThat(run.exitCode()).isZero();
    String help = run.out().replaceAll("\\s+", " ");
    assertThat(help)
        .doesNotContain("system clock")
        .contains("POST /_taskbridge/clock/advance")
        .contains("130 stopped by Ctrl-C (SIGINT)")
        .contains("143 stopped by SIGTERM")
        .doesNotContain(" 0 stopped");
  }

  @Test
  void emulator_portOutOfRange_exits2() {
    CliRun run = CliRun.of("emulator", "--port", "70000");

    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.err()).contains("--port must be 0 to 65535").contains("Usage:");
  }

  @Test
  void emulator_pollWaitOutOfRange_exits2() {
    for (String wait : new String[] {"0", "61"}) {
      CliRun run = CliRun.of("emulator", "--poll-wait", wait);

      assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
      assertThat(run.err()).contains("--poll-wait must be 1 to 60 seconds").contains("Usage:");
    }
  }

  @Test
  void emulator_portInUse_exits4() throws IOException {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      CliRun run = CliRun.of("emulator", "--port", String.valueOf(taken.getLocalPort()));

      assertThat(run.exitCode()).as("%s", run).isEqualTo(4);
      assertThat(run.err()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
    }
  }
}
