package dev.taskbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/** {@code taskbridge emulator}, run in a thread and stopped by interrupting it. */
class EmulatorCommandTest {

  private static final Pattern LISTENING =
      Pattern.compile("taskbridge emulator listening on (http://\\S+)\n");

  @Test
  void emulator_startsPrintsEndpointServesSdkCallsAndStopsOnInterrupt() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    AtomicInteger exit = new AtomicInteger(-1);
    Thread thread =
        new Thread(
            () ->
                exit.set(
                    TaskbridgeCli.run(
                        new String[] {"emulator", "--port", "0"},
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        Map.of())),
            "emulator-command-test");
    thread.start();
    URI endpoint = awaitEndpoint(out);
    assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
    assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(1);

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

    thread.interrupt();
    thread.join(10_000);

    assertThat(thread.isAlive()).isFalse();
    assertThat(exit.get()).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("stopped");
    assertThatThrownBy(() -> new Socket(endpoint.getHost(), endpoint.getPort()).close())
        .isInstanceOf(IOException.class);
  }

  private static URI awaitEndpoint(ByteArrayOutputStream out) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(out.toString(StandardCharsets.UTF_8));
      if (m.find()) {
        return URI.create(m.group(1));
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no endpoint line within 10 s: " + out);
  }

  @Test
  void emulator_portOutOfRange_exits2() {
    CliRun run = CliRun.of("emulator", "--port", "70000");

    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.err()).contains("--port must be 0 to 65535").contains("Usage:");
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
