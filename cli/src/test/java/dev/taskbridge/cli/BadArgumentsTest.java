package dev.taskbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bad arguments: a message, a usage line, exit 2, and never a stack trace. */
class BadArgumentsTest {

  private static void assertUsageError(CliRun run, String message) {
    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.out()).as("%s", run).isEmpty();
    assertThat(run.err()).as("%s", run).contains(message).contains("Usage: taskbridge");
    assertThat(run.err()).contains("--help' for more information");
    assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void unknownOption_exits2() {
    assertUsageError(
        CliRun.of("report", "--backend", "sfn", "--bogus"), "unknown option: '--bogus'");
  }

  @Test
  void unknownOptionWithValue_exits2WithoutTheValue() {
    CliRun run = CliRun.of("report", "--backend", "sfn", "--tsk-token=secret-value");

    assertUsageError(run, "unknown option: '--tsk-token'");
    assertThat(run.err()).doesNotContain("secret-value");
  }

  @Test
  void unknownCommand_exits2() {
    assertUsageError(CliRun.of("frobnicate"), "unknown command: 'frobnicate'");
  }

  @Test
  void noCommand_exits2() {
    assertUsageError(CliRun.of(), "missing command");
  }

  @Test
  void missingTaskToken_exits2() {
    assertUsageError(
        CliRun.of("report", "--backend", "sfn", "--error", "E"),
        "missing required option '--task-token'");
  }

  @Test
  void missingBackend_exits2() {
    assertUsageError(CliRun.of("report", "--task-token", "t"), "--backend");
  }

  @Test
  void badBackend_exits2() {
    assertUsageError(CliRun.of("report", "--backend", "sqs", "--task-token", "t"), "--backend");
  }

  @Test
  void tokenWithoutItsOptionName_exits2WithoutTheToken() {
    CliRun run = CliRun.of("report", "--backend", "sfn", "secret-token-value");

    assertUsageError(run, "unexpected argument");
    assertThat(run.err()).doesNotContain("secret-token-value");
  }

  @Test
  void optionMissingItsValue_exits2() {
    assertUsageError(CliRun.of("report", "--backend", "sfn", "--task-token"), "--task-token");
  }

  @Test
  void badSkeletonValue_exits2() {
    assertUsageError(
        CliRun.of("report", "--backend", "sfn", "--generate-cli-skeleton", "yaml"), "yaml");
  }

  @Test
  void help_exits0AndListsCommandsAndExitCodes() {
    CliRun run = CliRun.of("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("conformance").contains("report").contains("emulator");
    assertThat(run.out()).contains("Exit codes:");
  }

  @Test
  void reportHelp_exits0AndListsEveryExitCode() {
    CliRun run = CliRun.of("report", "--help");

    assertThat(run.exitCode()).isZero();
    for (String code : new String[] {" 0", " 2", " 3", "10", "11", "12", "13", "14", "15", "16"}) {
      assertThat(run.out()).containsPattern("(?m)^\\s*" + code.trim() + "\\s+\\S");
    }
    assertThat(run.out()).contains("TASK_GONE").contains("--cli-input-json").contains("loopback");
  }

  @Test
  void commandHelp_exits0() {
    for (String command : new String[] {"conformance", "emulator"}) {
      CliRun run = CliRun.of(command, "--help");
      assertThat(run.exitCode()).as("%s", run).isZero();
      assertThat(run.out()).contains("Usage: taskbridge " + command);
    }
  }

  @Test
  void version_exits0() {
    CliRun run = CliRun.of("--version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("taskbridge ").doesNotContain("unknown");
  }
}
