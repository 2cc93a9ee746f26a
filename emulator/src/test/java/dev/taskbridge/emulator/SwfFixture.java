package dev.taskbridge.emulator;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.ChildPolicy;
import software.amazon.awssdk.services.swf.model.Decision;
import software.amazon.awssdk.services.swf.model.DecisionType;
import software.amazon.awssdk.services.swf.model.HistoryEvent;
import software.amazon.awssdk.services.swf.model.PollForActivityTaskResponse;
import software.amazon.awssdk.services.swf.model.PollForDecisionTaskResponse;

/** Registers a domain and types and drives a decider through the public SWF API. */
final class SwfFixture {
  static final String DECISIONS = "decisions";
  static final String ACTIVITIES = "activities";

  final SwfClient swf;
  final String domain;

  SwfFixture(SwfClient swf) {
    this.swf = swf;
    this.domain = "domain-" + UUID.randomUUID();
    swf.registerDomain(b -> b.name(domain).workflowExecutionRetentionPeriodInDays("1"));
    swf.registerWorkflowType(
        b ->
            b.domain(domain)
                .name("wf")
                .version("1")
                .defaultTaskList(t -> t.name(DECISIONS))
                .defaultExecutionStartToCloseTimeout("3600")
                .defaultTaskStartToCloseTimeout("60")
                .defaultChildPolicy(ChildPolicy.TERMINATE));
    swf.registerActivityType(
        b ->
            b.domain(domain)
                .name("act")
                .version("1")
                .defaultTaskList(t -> t.name(ACTIVITIES))
                .defaultTaskScheduleToStartTimeout("NONE")
                .defaultTaskScheduleToCloseTimeout("NONE")
                .defaultTaskStartToCloseTimeout("NONE")
                .defaultTaskHeartbeatTimeout("NONE"));
  }

  /** A started run: its ids. */
  static final class Run {
    final String workflowId;
    final String runId;

    Run(String workflowId, String runId) {
      this.workflowId = workflowId;
      this.runId = runId;
    }
  }

  Run start() {
    String wf = "wf-" + UUID.randomUUID();
    String runId =
        swf.startWorkflowExecution(
                b -> b.domain(domain).workflowId(wf).workflowType(t -> t.name("wf").version("1")))
            .runId();
    return new Run(wf, runId);
  }

  PollForDecisionTaskResponse pollDecision() {
    return swf.pollForDecisionTask(
        b -> b.domain(domain).taskList(t -> t.name(DECISIONS)).identity("decider"));
  }

  static Decision schedule(String activityId, String extraTimeoutsSpec) {
    return Decision.builder()
        .decisionType(DecisionType.SCHEDULE_ACTIVITY_TASK)
        .scheduleActivityTaskDecisionAttributes(
            a -> {
              a.activityType(t -> t.name("act").version("1")).activityId(activityId).input("in");
              for (String kv :
                  extraTimeoutsSpec.isEmpty() ? new String[0] : extraTimeoutsSpec.split(",", -1)) {
                String[] p = kv.split("=", 2);
                switch (p[0]) {
                  case "s2s":
                    a.scheduleToStartTimeout(p[1]);
                    break;
                  case "s2c":
                    a.scheduleToCloseTimeout(p[1]);
                    break;
                  case "st2c":
                    a.startToCloseTimeout(p[1]);
                    break;
                  case "hb":
                    a.heartbeatTimeout(p[1]);
                    break;
                  default:
                    throw new IllegalArgumentException(kv);
                }
              }
            })
        .build();
  }

  /** Starts a run, lets the decider schedule one activity with the given timeouts. */
  Run startAndSchedule(String timeouts) {
    Run run = start();
    PollForDecisionTaskResponse d = pollDecision();
    swf.respondDecisionTaskCompleted(
        b -> b.taskToken(d.taskToken()).decisions(schedule("a1", timeouts)));
    return run;
  }

  PollForActivityTaskResponse pollActivity() {
    return swf.pollForActivityTask(
        b -> b.domain(domain).taskList(t -> t.name(ACTIVITIES)).identity("worker-1"));
  }

  List<HistoryEvent> history(Run run) {
    return swf.getWorkflowExecutionHistory(
            b -> b.domain(domain).execution(e -> e.workflowId(run.workflowId).runId(run.runId)))
        .events();
  }

  List<String> types(Run run) {
    return history(run).stream().map(HistoryEvent::eventTypeAsString).collect(Collectors.toList());
  }
}
