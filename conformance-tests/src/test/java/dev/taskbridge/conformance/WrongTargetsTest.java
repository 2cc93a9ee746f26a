package dev.taskbridge.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskbridge.api.Backend;
import dev.taskbridge.emulator.LocalBackend;
import dev.taskbridge.emulator.ManualClock;
import dev.taskbridge.emulator.SwfInvalidTokenResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.RegistrationStatus;

/**
 * The kit against targets that are down, serve one backend only, or answer as other backends do:
 * "could not run" is ERROR, never FAIL, and a rule fails only for what it checks.
 */
class WrongTargetsTest {

  private static Target endpoint(String name, URI uri) {
    return Targets.endpoint(name, uri, uri, Region.US_EAST_1, false, Targets.PLACEHOLDER_ROLE_ARN);
  }

  private static Matrix run(Target target, Set<Rule> rules, Set<Backend> backends) {
    return ConformanceKit.builder().target(target).rules(rules).backends(backends).build().run();
  }

  private static URI closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return URI.create("http://127.0.0.1:" + s.getLocalPort());
    }
  }

  @Test
  void endpointDown_everyCellIsErrorWithOneReasonPerBackend_neverFail() throws IOException {
    URI nothing = closedPort();
    Matrix matrix;
    try (Target target = endpoint("down", nothing)) {
      matrix = ConformanceKit.builder().target(target).build().run();
    }

    assertThat(matrix.results()).hasSize(Rule.values().length * 2);
    assertThat(matrix.results())
        .allSatisfy(
            r -> {
              assertThat(r.status()).as(r.detail()).isEqualTo(Result.Status.ERROR);
              assertThat(r.detail()).contains("got no answer", "ConnectException");
            });
    assertThat(matrix.unreachable()).containsOnlyKeys(Backend.SFN, Backend.SWF);
    assertThat(matrix.unreachable().get(Backend.SFN))
        .isEqualTo(
            "AWS Step Functions at "
                + nothing
                + ": CreateActivity got no answer (SdkClientException, ConnectException)");
    assertThat(matrix.unreachable().get(Backend.SWF)).startsWith("Amazon SWF at " + nothing);
    assertThat(matrix.passed()).isFalse();
    assertThat(matrix.toText())
        .contains("Could not run:")
        .contains("0 failed")
        .contains(Rule.values().length * 2 + " errors")
        .doesNotContain("Failed:");
    assertThat(matrix.toMarkdown()).contains("| ERROR: [down/SWF] R01: no scenario could run: ");
    assertThat(matrix.toJUnitXml())
        .contains(
            "failures=\"0\"",
            "errors=\"" + Rule.values().length * 2 + "\"",
            "<error message=\"[down/SFN] R01: ")
        .doesNotContain("<failure");
  }

  @Test
  void endpointServingSfnOnly_swfCellsAreErrorWithTheAnswer_sfnRulesRun() {
    try (LocalBackend emulator = LocalBackend.builder().clock(new ManualClock()).start();
        WrongTargetProxy proxy =
            new WrongTargetProxy(emulator.endpoint(), WrongTargetProxy.servesSfnOnly());
        Target target = endpoint("sfn-only", proxy.endpoint())) {
      Matrix matrix = run(target, EnumSet.of(Rule.R01, Rule.R07), EnumSet.allOf(Backend.class));

      assertThat(matrix.result(Rule.R01, Backend.SFN).orElseThrow().status())
          .isEqualTo(Result.Status.PASS);
      assertThat(matrix.result(Rule.R07, Backend.SWF).orElseThrow().status())
          .isEqualTo(Result.Status.ERROR);
      assertThat(matrix.unreachable()).containsOnlyKeys(Backend.SWF);
      assertThat(matrix.unreachable().get(Backend.SWF))
          .endsWith(": DescribeDomain answered HTTP 400 UnknownOperationException");
      assertThat(matrix.count(Result.Status.FAIL)).isZero();
    }
  }

  @Test
  void r07_onAnSwfAnsweringValidationException_passesAndRecordsTheCode() {
    try (LocalBackend emulator =
            LocalBackend.builder()
                .swfInvalidTokenResponse(SwfInvalidTokenResponse.VALIDATION_EXCEPTION)
                .start();
        Target target = endpoint("moto-like-swf", emulator.endpoint())) {
      Matrix matrix = run(target, EnumSet.of(Rule.R07, Rule.R20), EnumSet.of(Backend.SWF));

      Result r07 = matrix.result(Rule.R07, Backend.SWF).orElseThrow();
      assertThat(r07.status()).as(r07.detail()).isEqualTo(Result.Status.PASS);
      assertThat(r07.wireCode()).isEqualTo("ValidationException");
      Result r20 = matrix.result(Rule.R20, Backend.SWF).orElseThrow();
      assertThat(r20.status()).as(r20.detail()).isEqualTo(Result.Status.PASS);
    }
  }

  @Test
  void r19_onABackendThatRoutesLate_waitsForTheOutcome() {
    try (LocalBackend emulator = LocalBackend.builder().clock(new ManualClock()).start();
        WrongTargetProxy proxy =
            new WrongTargetProxy(emulator.endpoint(), WrongTargetProxy.routesLate(3));
        Target target = endpoint("slow-peer", proxy.endpoint())) {
      Matrix matrix = run(target, EnumSet.of(Rule.R19), EnumSet.of(Backend.SFN));

      Result r19 = matrix.result(Rule.R19, Backend.SFN).orElseThrow();
      assertThat(r19.status()).as(r19.detail()).isEqualTo(Result.Status.PASS);
      // The proxy really answered RUNNING first: two executions, each read 3 + 1 times at least.
      assertThat(emulator.requestCount("AWSStepFunctions.DescribeExecution"))
          .isGreaterThanOrEqualTo(8);
    }
  }

  @Test
  void r20_onABackendThatAcceptsSecondReports_stillChecksTheTexts_onlyR03Fails() {
    try (LocalBackend emulator = LocalBackend.builder().clock(new ManualClock()).start();
        WrongTargetProxy proxy =
            new WrongTargetProxy(emulator.endpoint(), WrongTargetProxy.acceptsSecondReports());
        Target target = endpoint("lenient", proxy.endpoint())) {
      Matrix matrix = run(target, EnumSet.of(Rule.R03, Rule.R20), EnumSet.allOf(Backend.class));

      for (Backend b : Backend.values()) {
        Result r03 = matrix.result(Rule.R03, b).orElseThrow();
        assertThat(r03.status()).as(r03.detail()).isEqualTo(Result.Status.FAIL);
        Result r20 = matrix.result(Rule.R20, b).orElseThrow();
        assertThat(r20.status()).as(r20.detail()).isEqualTo(Result.Status.PASS);
      }
    }
  }

  @Test
  void swf_reusesOneNamedDomain_registeringItOnlyIfAbsent() {
    try (LocalBackend emulator = LocalBackend.builder().clock(new ManualClock()).start();
        Target target = endpoint("reused", emulator.endpoint());
        SwfClient swf =
            SwfClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "x")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build()) {
      for (int run = 0; run < 2; run++) {
        Matrix matrix = run(target, EnumSet.of(Rule.R01), EnumSet.of(Backend.SWF));
        assertThat(matrix.passed()).as(matrix.toText()).isTrue();
      }
      assertThat(emulator.requestCount("SimpleWorkflowService.RegisterDomain")).isEqualTo(1);
      assertThat(
              swf.describeDomain(b -> b.name(ConformanceKit.DEFAULT_SWF_DOMAIN))
                  .domainInfo()
                  .status())
          .isEqualTo(RegistrationStatus.REGISTERED);

      // A domain and types registered beforehand, by hand or by an older kit, are used as they are.
      swf.registerDomain(
          b -> b.name("team-conformance").workflowExecutionRetentionPeriodInDays("1"));
      swf.registerWorkflowType(
          b ->
              b.domain("team-conformance")
                  .name("conformance")
                  .version("1")
                  .defaultChildPolicy(ChildPolicy.ABANDON));
      Matrix matrix =
          ConformanceKit.builder()
              .target(target)
              .swfDomain("team-conformance")
              .rules(EnumSet.of(Rule.R01))
              .backends(EnumSet.of(Backend.SWF))
              .build()
              .run();
      assertThat(matrix.passed()).as(matrix.toText()).isTrue();
      assertThat(emulator.requestCount("SimpleWorkflowService.RegisterDomain")).isEqualTo(2);
    }
  }

  @Test
  void swfDomain_breakingSwfsNameRules_isRefusedNamingTheRule() {
    ConformanceKit.Builder b = ConformanceKit.builder();
    assertThatThrownBy(() -> b.swfDomain(""))
        .hasMessage("swfDomain must be 1 to 256 characters, was 0");
    assertThatThrownBy(() -> b.swfDomain("x".repeat(257))).hasMessageContaining("256");
    assertThatThrownBy(() -> b.swfDomain("a/b")).hasMessageContaining("'/'");
    assertThatThrownBy(() -> b.swfDomain("arn")).hasMessageContaining("'arn'");
  }
}
