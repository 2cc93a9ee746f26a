package dev.taskbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar, run as a real process the way bin/taskbridge runs it. */
class TaskbridgeJarIT {

  @TempDir Path dir;

  private record Run(int exitCode, String out, String err) {}

  private Run java(String... args) throws IOException, InterruptedException {
    String jar = System.getProperty("taskbridge.jar", "target/taskbridge.jar");
    assertThat(Path.of(jar)).exists();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar);
    command.addAll(List.of(args));
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
    assertThat(p.out()).contains("R01 ").contains("R20 ").contains(" 0 failed");
    // Wire codes such as AccessDeniedException are expected; stack traces and log lines are not.
    assertThat(p.err())
        .doesNotContain("SLF4J")
        .doesNotContain("WARN")
        .doesNotContain("\tat ")
        .doesNotContain("Exception in thread");
  }

  @Test
  void badArgument_exits2() throws Exception {
    Run p = java("report", "--backend", "sfn");

    assertThat(p.exitCode()).as("%s", p).isEqualTo(2);
    assertThat(p.err()).contains("Usage:").doesNotContain("Exception").doesNotContain("\tat ");
  }
}
