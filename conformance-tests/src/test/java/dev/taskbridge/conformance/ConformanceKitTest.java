package dev.taskbridge.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbridge.api.Backend;
import dev.taskbridge.emulator.LocalBackend;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class ConformanceKitTest {

  /** Test emulators answer an idle long poll as soon as the embedded one does (R21 polls once). */
  private static final Duration POLL_WAIT = Targets.EMBEDDED_POLL_WAIT;

  @Test
  void
      run_againstTheEmbeddedEmulator_passesEveryRuleOnBothBackends_butR14OnSwfSkippedWithAReason() {
    Matrix matrix;
    try (Target target = Targets.embeddedEmulator()) {
      matrix = ConformanceKit.builder().target(target).build().run();
    }
    System.out.println(matrix.toText());

    assertThat(matrix.results()).hasSize(Rule.values().length * Backend.values().length);
    // PASS exactly, not "not FAIL": an ERROR (could not run) or an unexpected SKIP fails here.
    assertThat(matrix.results())
        .allSatisfy(
            r -> {
              if (r.rule() == Rule.R14 && r.backend() == Backend.SWF) {
                assertThat(r.status()).isEqualTo(Result.Status.SKIP);
                assertThat(r.detail()).startsWith("not applicable");
              } else {
                assertThat(r.status())
                    .as(r.rule() + "/" + r.backend() + ": " + r.detail())
                    .isEqualTo(Result.Status.PASS);
              }
            });
    assertThat(matrix.passed()).isTrue();
  }

  @Test
  void run_againstATargetWithoutCapabilities_skipsWhatNeedsThemWithTheReason_andPassesTheRest() {
    Matrix matrix;
    // A plain endpoint: the kit may use the public APIs only. The emulator's control plane is off,
    // so the probe finds no capabilities and the timeout scenario waits for real.
    try (LocalBackend backend =
        LocalBackend.builder().controlPlane(false).pollMaxWait(POLL_WAIT).start()) {
      Target plain =
          Targets.endpoint(
              "plain-endpoint",
              backend.endpoint(),
              backend.endpoint(),
              Region.US_EAST_1,
              false,
              Targets.PLACEHOLDER_ROLE_ARN);
      assertThat(plain.capabilities()).isEmpty();
      assertThat(plain.control()).isEmpty();
      matrix = ConformanceKit.builder().target(plain).build().run();
    }

    Set<Rule> needFaults = EnumSet.of(Rule.R13, Rule.R14, Rule.R15, Rule.R16, Rule.R17, Rule.R18);
    for (Result r : matrix.results()) {
      if (needFaults.contains(r.rule())) {
        assertThat(r.status()).as(r.rule() + "/" + r.backend()).isEqualTo(Result.Status.SKIP);
        assertThat(r.detail()).containsAnyOf("FAULT_INJECTION", "not applicable");
      } else {
        assertThat(r.status())
            .as(r.rule() + "/" + r.backend() + ": " + r.detail())
            .isEqualTo(Result.Status.PASS);
      }
    }
    assertThat(matrix.passed()).isTrue();
    assertThat(matrix.count(Result.Status.SKIP)).isEqualTo(12);
  }

  @Test
  void run_againstAStandaloneEmulatorReachedOnlyByItsEndpoint_givesTheEmbeddedMatrix() {
    Matrix embedded;
    try (Target target = Targets.embeddedEmulator()) {
      embedded = ConformanceKit.builder().target(target).build().run();
    }
    Matrix standalone;
    // As `taskbridge emulator --port N` serves: real time on an offset clock, control plane on.
    try (LocalBackend backend = LocalBackend.builder().pollMaxWait(POLL_WAIT).start()) {
      Target target =
          Targets.endpoint(
              "standalone-emulator",
              backend.endpoint(),
              backend.endpoint(),
              Region.US_EAST_1,
              false,
              Targets.PLACEHOLDER_ROLE_ARN);
      assertThat(target.capabilities()).isEqualTo(EnumSet.allOf(Capability.class));
      standalone = ConformanceKit.builder().target(target).build().run();
      // the fault rules really went through this emulator's control plane
      assertThat(backend.requestCount("AWSStepFunctions.SendTaskFailure")).isPositive();
    }
    System.out.println(standalone.toText());

    assertThat(cells(standalone)).isEqualTo(cells(embedded));
    assertThat(standalone.count(Result.Status.SKIP)).isEqualTo(1);
    assertThat(standalone.passed()).isTrue();
  }

  /** Each cell as rule/backend: status wire-code, in run order. */
  private static List<String> cells(Matrix m) {
    return m.results().stream()
        .map(r -> r.rule() + "/" + r.backend() + ": " + r.status() + " " + r.wireCode())
        .toList();
  }

  @Test
  void reports_renderEveryCellAndEverySkipReason() {
    Matrix matrix;
    try (Target target = Targets.embeddedEmulator()) {
      matrix =
          ConformanceKit.builder()
              .target(target)
              .rules(EnumSet.of(Rule.R01, Rule.R14))
              .build()
              .run();
    }

    assertThat(matrix.toText())
        .contains(
            "R01",
            "R14",
            "PASS",
            "SKIP",
            "not applicable",
            "2 rules × 2 backends: 3 passed, 0 failed, 1 skipped, 0 errors");
    assertThat(matrix.toMarkdown()).contains("| R14 |", "SKIP: not applicable");
    assertThat(matrix.toJUnitXml())
        .contains(
            "tests=\"4\"",
            "skipped=\"1\"",
            "failures=\"0\"",
            "errors=\"0\"",
            "<skipped message=\"not applicable");
  }
}
