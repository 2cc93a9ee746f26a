package dev.taskbridge.conformance;

import dev.taskbridge.api.Backend;
import java.util.Set;

/** Renders {@code SPEC.md} from {@link Rule}, so the document and the kit cannot drift apart. */
final class Spec {

  private static final Set<Rule> NEEDS_FAULTS =
      Set.of(Rule.R13, Rule.R14, Rule.R15, Rule.R16, Rule.R17, Rule.R18);

  private Spec() {}

  static String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        """
        # taskbridge conformance rules

        <!-- Generated from Rule.java by SpecTest; edit Rule.java, then run
             mvn -pl conformance-tests -am test -Dtest=SpecTest -Dsurefire.failIfNoSpecifiedTests=false -Dtaskbridge.updateSpec=true -->

        Each rule is checked by one scenario named after it (`Scenarios.rNN_...`), on both
        backends. Scenarios reach a target only through the services' public APIs (Step
        Functions: CreateActivity, CreateStateMachine, StartExecution, GetActivityTask,
        GetExecutionHistory, DescribeExecution, SendTaskSuccess, StopExecution, and the two
        deletes at the end; SWF: DescribeDomain, RegisterDomain only if the domain is absent, the
        type registrations unless they exist, StartWorkflowExecution, a decider that schedules
        the activity, PollForActivityTask, RespondActivityTaskCompleted,
        TerminateWorkflowExecution, GetWorkflowExecutionHistory), so the same run works against
        the embedded emulator, a standalone one, LocalStack or the real services. The SDK
        clients the kit hands to the
        reporter under test have their own retries off and count every attempt of the report
        call, so "sent once" and "retried" are measured on the wire, whatever the target.

        A scenario that needs what a target does not offer (`CONTROLLABLE_CLOCK`,
        `FAULT_INJECTION`) is reported as **skipped, with the reason**, never as passed.
        Timeout scenarios advance the target's clock when they can and wait for a real
        timeout otherwise (1 s for R04, a 2 s heartbeat timeout for R27).

        A scenario that could not run (a set-up or read-back call got no answer, or an answer
        that is not the service's: endpoint down, backend not served) is **ERROR, with the
        reason**, never FAIL: nothing was decided about the rule. Before a backend's first
        scenario the kit prepares it (SFN: creates the run's first activity; SWF: finds or
        registers the domain); when that fails, every cell of the backend is ERROR with that one
        reason.

        The key words MUST, SHOULD and MAY are used as in RFC 2119.

        """);
    for (Rule rule : Rule.values()) {
      sb.append("## ").append(rule).append(". ").append(rule.title()).append("\n\n");
      sb.append("**").append(rule.level()).append(".** ").append(rule.intent()).append("\n\n");
      if (NEEDS_FAULTS.contains(rule)) {
        sb.append("Needs `FAULT_INJECTION`; skipped with that reason on targets without it.\n\n");
      }
      sb.append("| backend | expected |\n|---|---|\n");
      sb.append("| Step Functions | ").append(rule.expected(Backend.SFN)).append(" |\n");
      sb.append("| SWF | ").append(rule.expected(Backend.SWF)).append(" |\n\n");
    }
    return sb.toString();
  }
}
