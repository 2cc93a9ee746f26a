package dev.taskbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbridge.contract.EmulatorTasks;
import dev.taskbridge.emulator.LocalBackend;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.ActivityFailedEventDetails;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.swf.model.ActivityTaskFailedEventAttributes;
import software.amazon.awssdk.services.swf.model.EventType;

/** {@code taskbridge report} end to end against an embedded emulator, on both backends. */
class ReportCommandTest {

  private static LocalBackend backend;
  private static EmulatorTasks tasks;
  private static String endpoint;

  @TempDir Path dir;

  @BeforeAll
  static void startEmulator() {
    backend = LocalBackend.start();
    endpoint = backend.endpoint().toString();
    tasks = new EmulatorTasks(backend.endpoint());
  }

  @AfterAll
  static void stopEmulator() {
    tasks.close();
    backend.close();
  }

  /** An open Step Functions task: its token and where it was scheduled. */
  private record SfnTask(String token, EmulatorTasks.SfnScheduled scheduled) {}

  /** An open SWF task: its token and where it was scheduled. */
  private record SwfTask(String token, EmulatorTasks.SwfScheduled scheduled) {}

  /** Schedules a Step Functions task and polls it, as a worker would. */
  private static SfnTask openSfn() {
    EmulatorTasks.SfnScheduled s = tasks.scheduleSfn(0);
    String token =
        tasks
            .sfn()
            .getActivityTask(b -> b.activityArn(s.activityArn()).workerName("t"))
            .taskToken();
    return new SfnTask(Objects.requireNonNull(token, "no SFN task"), s);
  }

  /** The ActivityFailed events of the task's execution. */
  private static List<ActivityFailedEventDetails> sfnFailures(SfnTask task) {
    return tasks.sfnHistory(task.scheduled()).stream()
        .filter(e -> e.type() == HistoryEventType.ACTIVITY_FAILED)
        .map(e -> e.activityFailedEventDetails())
        .toList();
  }

  /** Schedules an SWF activity task and polls it, as a worker would. */
  private static SwfTask openSwf() {
    EmulatorTasks.SwfScheduled s = tasks.scheduleSwf();
    String token =
        tasks
            .swf()
            .pollForActivityTask(
                b -> b.domain(s.domain()).taskList(t -> t.name(s.taskList())).identity("t"))
            .taskToken();
    return new SwfTask(Objects.requireNonNull(token, "no SWF task"), s);
  }

  /** The ActivityTaskFailed events of the task's workflow execution. */
  private static List<ActivityTaskFailedEventAttributes> swfFailures(SwfTask task) {
    return tasks.swfHistory(task.scheduled()).stream()
        .filter(e -> e.eventType() == EventType.ACTIVITY_TASK_FAILED)
        .map(e -> e.activityTaskFailedEventAttributes())
        .toList();
  }

  private static CliRun sfnReport(String token, String... more) {
    return report("sfn", token, more);
  }

  private static CliRun swfReport(String token, String... more) {
    return report("swf", token, more);
  }

  private static CliRun report(String backendName, String token, String... more) {
    String[] args = new String[7 + more.length];
    args[0] = "report";
    args[1] = "--backend";
    args[2] = backendName;
    args[3] = "--endpoint-url";
    args[4] = endpoint;
    args[5] = "--task-token";
    args[6] = token;
    System.arraycopy(more, 0, args, 7, more.length);
    return CliRun.of(args);
  }

  private static void assertNoSecret(CliRun run, String... secrets) {
    for (String line : run.lines()) {
      for (String secret : secrets) {
        assertThat(line).as("output line of %s", run).doesNotContain(secret);
      }
    }
  }

  @Test
  void report_sfnOpenTask_exits0AndHistoryRecordsErrorAndCause() {
    SfnTask task = openSfn();

    CliRun run =
        sfnReport(task.token(), "--error", "com.example.Declined", "--cause", "card expired");

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(run.out()).isEmpty();
    assertThat(sfnFailures(task))
        .extracting(ActivityFailedEventDetails::error, ActivityFailedEventDetails::cause)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("com.example.Declined", "card expired"));
    assertNoSecret(run, task.token(), "com.example.Declined", "card expired");
  }

  @Test
  void report_sfnSecondReport_exits10NamingTaskTimedOut() {
    SfnTask task = openSfn();
    assertThat(sfnReport(task.token(), "--error", "First").exitCode()).isZero();

    CliRun second = sfnReport(task.token(), "--error", "SecondError", "--cause", "second cause");

    assertThat(second.exitCode()).as("%s", second).isEqualTo(10);
    assertThat(second.err()).contains("TaskTimedOut").contains("TASK_GONE");
    assertThat(second.err()).doesNotContain("Exception:").doesNotContain("\tat ");
    assertNoSecret(second, task.token(), "SecondError", "second cause");
    assertThat(sfnFailures(task))
        .extracting(ActivityFailedEventDetails::error)
        .containsExactly("First");
  }

  @Test
  void report_sfnGarbageToken_exits11() {
    String garbage = "AAAAKgAAAAIAAAAAAAAAAcli-garbage-token-nobody-issued";

    CliRun run = sfnReport(garbage, "--error", "E");

    assertThat(run.exitCode()).as("%s", run).isEqualTo(11);
    assertThat(run.err()).contains("InvalidToken");
    assertNoSecret(run, garbage);
  }

  @Test
  void report_swfOpenTask_exits0AndHistoryRecordsReasonAndDetails() {
    SwfTask task = openSwf();

    CliRun run =
        swfReport(task.token(), "--reason", "com.example.Declined", "--details", "expired");

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(swfFailures(task))
        .extracting(
            ActivityTaskFailedEventAttributes::reason, ActivityTaskFailedEventAttributes::details)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("com.example.Declined", "expired"));
    assertNoSecret(run, task.token(), "com.example.Declined", "expired");
  }

  @Test
  void report_swfSecondReport_exits10NamingUnknownResourceFault() {
    SwfTask task = openSwf();
    assertThat(swfReport(task.token(), "--reason", "First").exitCode()).isZero();

    CliRun second = swfReport(task.token(), "--reason", "SecondReason", "--details", "more");

    assertThat(second.exitCode()).as("%s", second).isEqualTo(10);
    assertThat(second.err()).contains("UnknownResourceFault");
    assertNoSecret(second, task.token(), "SecondReason");
  }

  @Test
  void report_cliInputJsonInline_sfn_usesMembersAndExplicitOptionsWin() {
    SfnTask task = openSfn();
    String json =
        "{\"taskToken\": \""
            + task.token()
            + "\", \"error\": \"FromJson\", \"cause\": \"json cause\"}";

    CliRun run =
        CliRun.of(
            "report",
            "--backend",
            "sfn",
            "--endpoint-url",
            endpoint,
            "--cli-input-json",
            json,
            "--cause",
            "explicit cause");

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(sfnFailures(task))
        .extracting(ActivityFailedEventDetails::error, ActivityFailedEventDetails::cause)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("FromJson", "explicit cause"));
  }

  @Test
  void report_cliInputJsonFile_swf_readsTheFile() throws IOException {
    SwfTask task = openSwf();
    Path input = dir.resolve("input.json");
    Files.writeString(
        input,
        "{\"taskToken\": \"" + task.token() + "\", \"reason\": \"FromFile\", \"details\": \"d\"}",
        StandardCharsets.UTF_8);

    CliRun run =
        CliRun.of(
            "report",
            "--backend",
            "swf",
            "--endpoint-url",
            endpoint,
            "--cli-input-json",
            "file://" + input);

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(swfFailures(task))
        .extracting(
            ActivityTaskFailedEventAttributes::reason, ActivityTaskFailedEventAttributes::details)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("FromFile", "d"));
  }

  @Test
  void report_cliInputJsonWithOtherBackendsMember_exits2NamingTheMember() {
    CliRun run =
        CliRun.of(
            "report",
            "--backend",
            "sfn",
            "--endpoint-url",
            endpoint,
            "--cli-input-json",
            "{\"taskToken\": \"secret-token-value\", \"reason\": \"x\"}");

    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.err()).contains("\"reason\"").contains("taskToken, error, cause");
    assertNoSecret(run, "secret-token-value");
  }

  @Test
  void report_cliInputJsonMalformed_exits2WithoutQuotingTheInput() {
    CliRun run =
        CliRun.of(
            "report",
            "--backend",
            "sfn",
            "--cli-input-json",
            "{\"taskToken\": secret-token-value}");

    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.err()).contains("not valid JSON").contains("line 1");
    assertNoSecret(run, "secret-token-value");
  }

  @Test
  void report_cliInputJsonMissingFile_exits2() {
    CliRun run =
        CliRun.of(
            "report",
            "--backend",
            "swf",
            "--cli-input-json",
            "file://" + dir.resolve("missing.json"));

    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.err()).contains("cannot read").contains("missing.json");
  }

  @Test
  void generateCliSkeleton_input_printsTheAwsCliSkeletonPerBackend() {
    CliRun sfn = CliRun.of("report", "--backend", "sfn", "--generate-cli-skeleton");
    CliRun swf = CliRun.of("report", "--backend", "swf", "--generate-cli-skeleton", "input");

    assertThat(sfn.exitCode()).isZero();
    assertThat(sfn.out())
        .isEqualTo("{\n    \"taskToken\": \"\",\n    \"error\": \"\",\n    \"cause\": \"\"\n}\n");
    assertThat(swf.exitCode()).isZero();
    assertThat(swf.out())
        .isEqualTo(
            "{\n    \"taskToken\": \"\",\n    \"reason\": \"\",\n    \"details\": \"\"\n}\n");
  }

  @Test
  void generateCliSkeleton_output_printsEmptyObjectForBothBackends() {
    for (String b : new String[] {"sfn", "swf"}) {
      CliRun run = CliRun.of("report", "--backend", b, "--generate-cli-skeleton", "output");
      assertThat(run.exitCode()).as("%s", run).isZero();
      assertThat(run.out()).isEqualTo("{}\n");
    }
  }

  @Test
  void generateCliSkeleton_callsNothing() {
    long before = backend.requestCounts().values().stream().mapToLong(Long::longValue).sum();

    CliRun run =
        CliRun.of(
            "report",
            "--backend",
            "sfn",
            "--endpoint-url",
            endpoint,
            "--task-token",
            "t",
            "--generate-cli-skeleton");

    assertThat(run.exitCode()).isZero();
    assertThat(backend.requestCounts().values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(before);
  }

  @Test
  void report_swfNamesWithSfnBackend_exits2() {
    CliRun reason = sfnReport("some-token", "--reason", "R");
    CliRun error = swfReport("some-token", "--error", "E");

    assertThat(reason.exitCode()).as("%s", reason).isEqualTo(2);
    assertThat(reason.err()).contains("--reason is an SWF option").contains("--error and --cause");
    assertThat(error.exitCode()).as("%s", error).isEqualTo(2);
    assertThat(error.err()).contains("--error is a Step Functions option");
    assertNoSecret(reason, "some-token");
  }

  @Test
  void report_overLimitErrorUnderReject_exits3AndSendsNothing() {
    SfnTask task = openSfn();
    long before = backend.requestCount("AWSStepFunctions.SendTaskFailure");

    CliRun run = sfnReport(task.token(), "--error", "E".repeat(257), "--field-policy", "REJECT");

    assertThat(run.exitCode()).as("%s", run).isEqualTo(3);
    assertThat(run.err()).contains("error").contains("256").contains("nothing was sent");
    assertThat(backend.requestCount("AWSStepFunctions.SendTaskFailure")).isEqualTo(before);
    assertNoSecret(run, task.token(), "EEEE");
  }

  @Test
  void report_overLimitErrorUnderDefaultPolicy_isTruncatedAndAccepted() {
    SfnTask task = openSfn();

    CliRun run = sfnReport(task.token(), "--error", "E".repeat(300));

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(sfnFailures(task).get(0).error()).hasSize(256).endsWith("...[truncated]");
  }

  @Test
  void report_nothingButTheToken_recordsNeitherErrorNorCause() {
    SfnTask task = openSfn();

    CliRun run = sfnReport(task.token());

    assertThat(run.exitCode()).as("%s", run).isZero();
    assertThat(sfnFailures(task))
        .extracting(ActivityFailedEventDetails::error, ActivityFailedEventDetails::cause)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(null, null));
  }

  @Test
  void report_tokenLongerThanSwfAccepts_exits3() {
    CliRun run = swfReport("t".repeat(1025), "--reason", "R");

    assertThat(run.exitCode()).as("%s", run).isEqualTo(3);
    assertThat(run.err()).contains("1024");
  }

  @Test
  void report_endpointNotAUrl_exits2() {
    CliRun run =
        CliRun.of("report", "--backend", "sfn", "--task-token", "t", "--endpoint-url", "x");

    assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
    assertThat(run.err()).contains("--endpoint-url must be an http:// or https:// URL");
  }
}
