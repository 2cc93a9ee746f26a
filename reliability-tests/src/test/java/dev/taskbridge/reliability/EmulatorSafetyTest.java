package dev.taskbridge.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbridge.emulator.LocalBackend;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.UnknownResourceException;

/** What keeps the emulator from being a hole on a developer's machine. Tests only. */
class EmulatorSafetyTest {

  private static final String BASE64URL =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  @Test
  void start_byDefault_bindsLoopbackOnly() throws IOException {
    try (LocalBackend emulator = LocalBackend.start()) {
      assertThat(emulator.endpoint().getHost()).isEqualTo("127.0.0.1");
      Optional<InetAddress> external = nonLoopbackAddress();
      if (external.isPresent()) {
        try (Socket s = new Socket()) {
          assertThatThrownBy(
                  () ->
                      s.connect(
                          new InetSocketAddress(external.get(), emulator.endpoint().getPort()),
                          2_000))
              .as("connecting through %s", external.get())
              .isInstanceOf(IOException.class);
        }
      }
    }
  }

  /**
   * Checks tokens that an emulator issued: each at least 128 bits of base64url, all distinct, and
   * at least 22 character positions (22 x 6 bits = 132 bits) that take nearly every value of the
   * alphabet across the sample, as random bits do.
   */
  static void assertUnguessable(List<String> tokens) {
    assertThat(tokens).hasSizeGreaterThanOrEqualTo(10_000);
    assertThat(new HashSet<>(tokens)).hasSameSizeAs(tokens);
    int length = tokens.get(0).length();
    assertThat(length).isGreaterThanOrEqualTo(22);
    for (String t : tokens) {
      assertThat(t).hasSize(length);
      for (int i = 0; i < t.length(); i++) {
        assertThat(BASE64URL.indexOf(t.charAt(i))).as("token alphabet").isNotNegative();
      }
    }
    int random = 0;
    for (int i = 0; i < length; i++) {
      Set<Character> seen = new HashSet<>();
      for (String t : tokens) {
        seen.add(t.charAt(i));
      }
      if (seen.size() >= 60) {
        random++;
      }
    }
    assertThat(random).as("positions that look random").isGreaterThanOrEqualTo(22);
  }

  @Test
  @Timeout(60)
  void token_usedOnAnotherServiceKindInstanceOrTampered_isRefused_andTaskStaysOpen() {
    try (LocalBackend emulator = LocalBackend.start();
        LocalBackend other = LocalBackend.start();
        SfnClient sfn = Clients.sfnSetup(emulator.endpoint());
        SfnClient otherSfn = Clients.sfnSetup(other.endpoint());
        SwfClient swf = Clients.swfSetup(emulator.endpoint())) {
      String sfnToken = OpenTasks.sfn(emulator, 1).tokens().get(0);
      String swfToken = OpenTasks.swf(emulator, 1).tokens().get(0);
      String otherToken = OpenTasks.sfn(other, 1).tokens().get(0);

      // another service
      assertThatThrownBy(() -> swf.respondActivityTaskFailed(b -> b.taskToken(sfnToken)))
          .isInstanceOf(UnknownResourceException.class);
      assertThatThrownBy(() -> sfn.sendTaskFailure(b -> b.taskToken(swfToken)))
          .isInstanceOf(InvalidTokenException.class);
      // another instance
      assertThatThrownBy(() -> sfn.sendTaskFailure(b -> b.taskToken(otherToken)))
          .isInstanceOf(InvalidTokenException.class);
      assertThatThrownBy(() -> otherSfn.sendTaskFailure(b -> b.taskToken(sfnToken)))
          .isInstanceOf(InvalidTokenException.class);
      // another task: a token re-encoded with a different task id is not accepted
      for (int bit = 8; bit < 17 * 8; bit += 13) {
        String forged = flip(sfnToken, bit);
        assertThatThrownBy(() -> sfn.sendTaskFailure(b -> b.taskToken(forged)))
            .isInstanceOf(InvalidTokenException.class);
        String forgedSwf = flip(swfToken, bit);
        assertThatThrownBy(() -> swf.respondActivityTaskFailed(b -> b.taskToken(forgedSwf)))
            .isInstanceOf(UnknownResourceException.class);
      }
      // a decision task's token is not an activity task's token
      String decisionToken = decisionToken(swf);
      assertThatThrownBy(() -> swf.respondActivityTaskFailed(b -> b.taskToken(decisionToken)))
          .isInstanceOf(UnknownResourceException.class);

      // none of that touched the real tasks
      sfn.sendTaskFailure(b -> b.taskToken(sfnToken).error("Still.Open"));
      swf.respondActivityTaskFailed(b -> b.taskToken(swfToken).reason("Still.Open"));
      otherSfn.sendTaskFailure(b -> b.taskToken(otherToken).error("Still.Open"));
    }
  }

  @Test
  @Timeout(60)
  void request_overTheSizeLimit_isRefusedWith413_andServerKeepsServing() throws Exception {
    assertThat(LocalBackend.DEFAULT_MAX_REQUEST_BYTES).isEqualTo(4 * 1024 * 1024);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (LocalBackend small = LocalBackend.builder().maxRequestBytes(64 * 1024).start();
        LocalBackend defaults = LocalBackend.start()) {
      for (LocalBackend emulator : List.of(small, defaults)) {
        int limit = emulator == small ? 64 * 1024 : LocalBackend.DEFAULT_MAX_REQUEST_BYTES;
        assertThat(send(http, emulator, limit + 1)).isIn(413, -1);
        // at the limit the body is read and answered (with a validation error: the name is long)
        assertThat(send(http, emulator, limit)).isEqualTo(400);
        assertThat(send(http, emulator, 16)).isEqualTo(200);
      }
    }
  }

  /** Sends a CreateActivity body of exactly {@code size} bytes; -1 if the connection was cut. */
  private static int send(HttpClient http, LocalBackend emulator, int size) throws Exception {
    String head = "{\"name\":\"";
    String tail = "\"}";
    String body =
        size <= head.length() + tail.length() + 1
            ? "{\"name\":\"a\"}"
            : head + "a".repeat(size - head.length() - tail.length()) + tail;
    if (size == 16) {
      body = "{\"name\":\"small\"}";
    }
    HttpRequest r =
        HttpRequest.newBuilder(emulator.endpoint())
            .timeout(Duration.ofSeconds(20))
            .header("X-Amz-Target", "AWSStepFunctions.CreateActivity")
            .header("Content-Type", "application/x-amz-json-1.0")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    try {
      HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 413) {
        assertThat(response.body()).contains("RequestEntityTooLargeException");
      }
      return response.statusCode();
    } catch (IOException e) {
      return -1;
    }
  }

  private static String decisionToken(SwfClient swf) {
    String domain = "safety-" + System.nanoTime();
    swf.registerDomain(b -> b.name(domain).workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(
        b ->
            b.domain(domain)
                .name("wf")
                .version("1")
                .defaultTaskList(t -> t.name("d"))
                .defaultExecutionStartToCloseTimeout("3600")
                .defaultTaskStartToCloseTimeout("3600")
                .defaultChildPolicy("TERMINATE"));
    swf.startWorkflowExecution(
        b -> b.domain(domain).workflowId("w").workflowType(t -> t.name("wf").version("1")));
    return swf.pollForDecisionTask(b -> b.domain(domain).taskList(t -> t.name("d"))).taskToken();
  }

  /** The token with one bit of its decoded bytes flipped, re-encoded canonically. */
  private static String flip(String token, int bit) {
    byte[] raw = Base64.getUrlDecoder().decode(token);
    raw[bit / 8] ^= (byte) (1 << (bit % 8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws IOException {
    for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!ni.isUp() || ni.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(ni.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
          return Optional.of(a);
        }
      }
    }
    return Optional.empty();
  }
}
