package dev.taskbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbridge.conformance.Rule;
import dev.taskbridge.contract.StubBackend;
import dev.taskbridge.emulator.LocalBackend;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** {@code taskbridge conformance} against the embedded and a standalone emulator. */
class ConformanceCommandTest {

  /** Emulators answer an idle long poll after this, not 60 s: R21 polls once per backend. */
  private static final Duration POLL_WAIT = Duration.ofSeconds(2);

  @TempDir Path dir;

  /** The matrix rows of stdout: {@code R07 title ... PASS InvalidToken PASS ...}. */
  private static List<String> rows(String out) {
    return Arrays.stream(out.split("\n")).filter(l -> l.matches("R\\d\\d .*")).toList();
  }

  @Test
  void conformance_embeddedEmulator_exits0PrintsMatrixProgressAndReports() throws Exception {
    Path md = dir.resolve("out/matrix.md");
    Path xml = dir.resolve("matrix.xml");

    CliRun run = CliRun.of("conformance", "--report", md.toString(), "--report", xml.toString());

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.out()).contains("target embedded-emulator").contains("SFN").contains("SWF");
    List<String> rows = rows(run.out());
    assertThat(rows).hasSize(Rule.values().length);
    for (Rule rule : Rule.values()) {
      assertThat(rows).anySatisfy(r -> assertThat(r).startsWith(rule.name() + " "));
      for (String backend : List.of("SFN", "SWF")) {
        assertThat(run.err())
            .as("progress of %s %s", rule, backend)
            .containsPattern("(?m)^" + rule + " " + backend + " \\.\\.\\. (PASS|SKIP)");
      }
    }
    assertThat(run.out()).contains("27 rules × 2 backends").contains(" 0 failed");
    assertThat(run.err()).contains("R07 SFN ... PASS InvalidToken");
    assertThat(run.err()).doesNotContain("SLF4J");

    String markdown = Files.readString(md);
    assertThat(markdown)
        .startsWith("# taskbridge conformance")
        .contains("| R01 |")
        .contains("| R20 |");
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    Element suite = doc.getDocumentElement();
    assertThat(suite.getTagName()).isEqualTo("testsuite");
    assertThat(suite.getAttribute("tests")).isEqualTo(String.valueOf(2 * Rule.values().length));
    assertThat(suite.getAttribute("failures")).isEqualTo("0");
    assertThat(doc.getElementsByTagName("testcase").getLength())
        .isEqualTo(2 * Rule.values().length);
  }

  @Test
  void conformance_standaloneEmulator_everyCellPassesOrSkipsWithReason() {
    try (LocalBackend standalone = LocalBackend.builder().pollMaxWait(POLL_WAIT).start()) {
      String url = standalone.endpoint().toString();

      CliRun run = CliRun.of("conformance", "--sfn-endpoint-url", url, "--swf-endpoint-url", url);

      assertThat(run.exitCode()).as("%s", run).isZero();
      assertThat(run.out()).contains("target endpoint " + url);
      List<String> rows = rows(run.out());
      assertThat(rows).hasSize(Rule.values().length);
      for (String row : rows) {
        String cells = row.substring(71);
        assertThat(cells.trim().split(" {2,}"))
            .as(row)
            .hasSize(2)
            .allSatisfy(c -> assertThat(c).matches("(PASS|SKIP)( \\S+)?"));
      }
      // Every skip is listed with its reason under "Skipped:".
      long skips = rows.stream().mapToLong(r -> r.split("SKIP", -1).length - 1).sum();
      if (skips > 0) {
        List<String> reasons =
            run.out()
                .substring(run.out().indexOf("Skipped:"))
                .lines()
                .filter(l -> l.startsWith("  R"))
                .toList();
        assertThat(reasons).hasSize((int) skips);
        assertThat(reasons).allSatisfy(l -> assertThat(l).matches("  R\\d\\d/(SFN|SWF): \\S.*"));
      }
    }
  }

  @Test
  void conformance_oneEndpointGiven_isUsedForBothBackends() {
    try (LocalBackend standalone = LocalBackend.builder().pollMaxWait(POLL_WAIT).start()) {
      String url = standalone.endpoint().toString();

      CliRun run = CliRun.of("conformance", "--swf-endpoint-url", url);

      assertThat(run.exitCode()).as("%s", run).isZero();
      assertThat(standalone.requestCount("AWSStepFunctions.SendTaskFailure")).isPositive();
      assertThat(standalone.requestCount("SimpleWorkflowService.RespondActivityTaskFailed"))
          .isPositive();
    }
  }

  @Test
  void conformance_againstEmulatorCommandOnAPort_sameMatrixAsEmbedded() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    CliRun embedded = CliRun.of("conformance");
    try (EmulatorInThread emulator =
        new EmulatorInThread(
            "--port", String.valueOf(port), "--poll-wait", String.valueOf(POLL_WAIT.toSeconds()))) {
      String url = emulator.awaitEndpoint().toString();
      assertThat(url).isEqualTo("http://127.0.0.1:" + port);

      CliRun standalone =
          CliRun.of("conformance", "--sfn-endpoint-url", url, "--swf-endpoint-url", url);

      assertThat(standalone.exitCode()).as("%s", standalone).isZero();
      assertThat(embedded.exitCode()).as("%s", embedded).isZero();
      // Rule x backend -> status and wire code, identical; only the target's name differs.
      assertThat(rows(standalone.out())).hasSize(Rule.values().length);
      assertThat(rows(standalone.out())).isEqualTo(rows(embedded.out()));
      assertThat(standalone.out()).contains(" 0 failed");
    }
  }

  private static String closedPortUrl() {
    return StubBackend.refusingEndpoint().toString();
  }

  @Test
  void conformance_endpointWithNothingListening_exits4WithOneLineOnStderr() throws Exception {
    String nothing = closedPortUrl();

    CliRun run = CliRun.of("conformance", "--sfn-endpoint-url", nothing);

    assertThat(run.exitCode()).as("%s", run).isEqualTo(4);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines()).as("%s", run).hasSize(1);
    assertThat(run.err())
        .startsWith("taskbridge conformance: no rule could run on ")
        .contains("AWS Step Functions at " + nothing + ": CreateActivity got no answer")
        .contains("Amazon SWF at " + nothing + ": DescribeDomain got no answer")
        .contains("got no answer (SdkClientException, ConnectException)")
        .doesNotContain("FAIL");
  }

  @Test
  void conformance_reportUnderNothingListening_isJUnitXmlWithErrorsNotFailures() throws Exception {
    Path xml = dir.resolve("down.xml");

    CliRun run =
        CliRun.of("conformance", "--sfn-endpoint-url", closedPortUrl(), "--report", xml.toString());

    assertThat(run.exitCode()).as("%s", run).isEqualTo(4);
    Element suite =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(xml.toFile())
            .getDocumentElement();
    assertThat(suite.getAttribute("errors")).isEqualTo(String.valueOf(2 * Rule.values().length));
    assertThat(suite.getAttribute("failures")).isEqualTo("0");
  }

  @Test
  void conformance_backendSwf_runsOnlySwf_inTheNamedDomain() {
    try (LocalBackend standalone = LocalBackend.builder().pollMaxWait(POLL_WAIT).start()) {
      String url = standalone.endpoint().toString();

      CliRun run =
          CliRun.of(
              "conformance",
              "--sfn-endpoint-url",
              url,
              "--backend",
              "swf",
              "--swf-domain",
              "cli-conformance");

      assertThat(run.exitCode()).as("%s", run).isZero();
      assertThat(rows(run.out())).hasSize(Rule.values().length);
      assertThat(run.out()).contains("27 rules × 1 backends").doesNotContain(" SFN ");
      assertThat(run.err()).contains("R01 SWF ... PASS").doesNotContain(" SFN ... ");
      assertThat(standalone.requestCount("AWSStepFunctions.SendTaskFailure")).isZero();
      assertThat(standalone.requestCount("SimpleWorkflowService.RegisterDomain")).isEqualTo(1);
    }
  }

  @Test
  void conformance_badSwfDomain_exits2() {
    CliRun run = CliRun.of("conformance", "--swf-domain", "a:b");

    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.err()).contains("--swf-domain: swfDomain must not contain ':'");
  }

  @Test
  void conformance_reportThatCannotBeWritten_exits4BeforeRunning() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    Path directory = Files.createDirectories(dir.resolve("a-directory.md"));

    for (Path report : List.of(file.resolve("matrix.md"), directory)) {
      CliRun run = CliRun.of("conformance", "--report", report.toString());

      assertThat(run.exitCode()).as("%s", run).isEqualTo(4);
      assertThat(run.err())
          .startsWith("taskbridge conformance: cannot write " + report + ": ")
          .doesNotContain("R01");
      assertThat(run.err().lines()).hasSize(1);
    }
    assertThat(Files.readString(file)).isEqualTo("x");
  }

  @Test
  void conformance_reportWithUnknownExtension_exits2BeforeRunning() {
    CliRun run = CliRun.of("conformance", "--report", dir.resolve("matrix.txt").toString());

    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.err()).contains("must end in .md").contains("Usage:");
    assertThat(run.err()).doesNotContain("R01");
  }

  @Test
  void conformance_regionWithoutEndpoint_exits2() {
    CliRun run = CliRun.of("conformance", "--region", "eu-west-1");

    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.err()).contains("need --sfn-endpoint-url or --swf-endpoint-url");
  }
}
