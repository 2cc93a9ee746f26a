package dev.taskbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.taskbridge.contract.StubBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar, run as a real process the way bin/taskbridge runs it. */
class TaskbridgeJarIT {

  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {}

  private static List<String> command(String... args) {
    String jar = System.getProperty("taskbridge.jar", "target/taskbridge.jar");
    assertThat(Path.of(jar)).exists();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar);
    command.addAll(List.of(args));
    return command;
  }

  private Run java(String... args) throws IOException, InterruptedException {
    List<String> command = command(args);
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void version_exits0WithoutSlf4jWarning() throws Exception {
    Run p = java("--version");

    assertThat(p.exitCode()).as("%s", p).isZero();
    assertThat(p.out()).startsWith("taskbridge 0.");
    assertThat(p.err()).doesNotContain("SLF4J");
  }

  @Test
  void conformance_exits0PrintsMatrixWithoutSlf4jWarningOrSdkNoise() throws Exception {
    Run p = java("conformance");

    assertThat(p.exitCode()).as("%s", p).isZero();
    assertThat(p.out()).contains("R01 ").contains("R27 ").contains(" 0 failed");
    // Wire codes such as AccessDeniedException are expected; stack traces and log lines are not.
    assertThat(p.err())
        .doesNotContain("SLF4J")
        .doesNotContain("WARN")
        .doesNotContain("\tat ")
        .doesNotContain("Exception in thread");
  }

  @Test
  void conformance_endpointWithNothingListening_exits4WithOneLine() throws Exception {
    String nothing = StubBackend.refusingEndpoint().toString();
    Run p = java("conformance", "--sfn-endpoint-url", nothing);

    assertThat(p.exitCode()).as("%s", p).isEqualTo(4);
    assertThat(p.out()).isEmpty();
    assertThat(p.err().lines()).as("%s", p).hasSize(1);
    assertThat(p.err()).startsWith("taskbridge conformance: no rule could run on ");
  }

  /** The exit code {@code emulator --help} lists for {@code stoppedBy}, e.g. "SIGINT". */
  private int documentedExitCode(String stoppedBy) throws Exception {
    Run help = java("emulator", "--help");
    Matcher m =
        Pattern.compile("(?m)^\\s*(\\d+)\\s+stopped by [^\\n]*" + stoppedBy).matcher(help.out());
    assertThat(m.find())
        .as("emulator --help lists an exit code for %s:%n%s", stoppedBy, help)
        .isTrue();
    return Integer.parseInt(m.group(1));
  }

  /** Starts {@code taskbridge emulator}, waits for its endpoint line, signals it, waits for it. */
  private int emulatorStoppedBy(String signal) throws Exception {
    Path out = dir.resolve("emulator-out.txt");
    Process p =
        new ProcessBuilder(command("emulator", "--port", "0"))
            .redirectOutput(out.toFile())
            .redirectError(dir.resolve("emulator-err.txt").toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.readString(out).contains("listening on http://")) {
        assertThat(p.isAlive()).as("the emulator exited early").isTrue();
        assertThat(System.nanoTime()).as("no endpoint line within 60 s").isLessThan(deadline);
        Thread.sleep(50);
      }
      Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).start();
      assertThat(kill.waitFor()).isZero();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stopped by SIG%s", signal).isTrue();
      return p.exitValue();
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void emulator_stoppedBySigterm_exitsWithTheCodeItsHelpLists() throws Exception {
    assertThat(emulatorStoppedBy("TERM")).isEqualTo(documentedExitCode("SIGTERM"));
  }

  @Test
  void emulator_stoppedByCtrlC_exitsWithTheCodeItsHelpLists() throws Exception {
    // A process started in the background by a non-interactive shell ignores SIGINT, and so do
    // its children: then the JVM installs no handler and Ctrl-C cannot be simulated here.
    String status = Files.readString(Path.of("/proc/self/status"));
    Matcher ignored = Pattern.compile("(?m)^SigIgn:\\s*([0-9a-f]+)").matcher(status);
    assumeTrue(
        ignored.find() && (Long.parseLong(ignored.group(1), 16) & 0x2) == 0,
        "SIGINT is ignored by this test process (started in the background), so by the emulator");
    assertThat(emulatorStoppedBy("INT")).isEqualTo(documentedExitCode("SIGINT"));
  }

  @Test
  void badArgument_exits2() throws Exception {
    Run p = java("report", "--backend", "sfn");

    assertThat(p.exitCode()).as("%s", p).isEqualTo(2);
    assertThat(p.err()).contains("Usage:").doesNotContain("Exception").doesNotContain("\tat ");
  }
}
