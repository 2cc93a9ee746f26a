package dev.taskbridge.conformance;

import dev.taskbridge.api.Backend;

/**
 * The numbered rules of {@code conformance-tests/SPEC.md}. Each scenario names the rule it checks;
 * when one fails, the rule's {@link #intent()} says what was expected and why.
 */
public enum Rule {
  R01(
      Level.MUST,
      "A failure on an open task is accepted and recorded as sent",
      "The backend records the same error and cause (SWF: reason and details), from one request.",
      "ActivityFailed{error, cause}",
      "ActivityTaskFailed{reason, details}"),
  R02(
      Level.MUST,
      "A failure with neither error nor cause is recorded with neither",
      "null stays absent on the wire and in history; never \"\" or a placeholder (the KMS-free"
          + " way to fail an encrypted Step Functions task).",
      "ActivityFailed without error/cause",
      "ActivityTaskFailed without reason/details"),
  R03(
      Level.MUST,
      "A second report on the same token is refused as task gone, once",
      "The second report surfaces TaskGoneException after exactly one request; the first failure"
          + " stays the only one recorded.",
      "TaskGoneException (TaskTimedOut)",
      "TaskGoneException (UnknownResourceFault)"),
  R04(
      Level.MUST,
      "A report after the task timed out is refused as task gone",
      "A late report surfaces TaskGoneException and is not retried.",
      "TaskGoneException (TaskTimedOut)",
      "TaskGoneException (UnknownResourceFault)"),
  R05(
      Level.MUST,
      "A report after the task succeeded is refused as task gone",
      "A failure for a task already completed surfaces TaskGoneException and is not retried.",
      "TaskGoneException (TaskTimedOut)",
      "TaskGoneException (UnknownResourceFault)"),
  R06(
      Level.MUST,
      "A report after the execution was stopped is refused as task gone",
      "A failure for a task whose execution was stopped or terminated surfaces TaskGoneException.",
      "TaskGoneException (TaskTimedOut)",
      "TaskGoneException (UnknownResourceFault)"),
  R07(
      Level.MUST,
      "A garbage token is refused without retry, in the backend's own terms",
      "One request, refused, not retried. Step Functions answers a malformed token with"
          + " InvalidToken (documented and observed), apart from a closed task. Real SWF's answer is"
          + " not known (peers answer UnknownResourceFault or ValidationException), so on SWF either"
          + " refusal passes and the cell records the wire code that came back.",
      "InvalidTaskTokenException (InvalidToken)",
      "TaskGoneException (UnknownResourceFault) or InvalidTaskTokenException"
          + " (ValidationException), as answered"),
  R08(
      Level.MUST,
      "A token tagged by the other backend is refused before any call",
      "A reporter never sends another backend's token: InvalidTaskFailureException, zero requests.",
      "InvalidTaskFailureException, 0 requests",
      "InvalidTaskFailureException, 0 requests"),
  R09(
      Level.MUST,
      "Over-limit fields are cut to the limit under TRUNCATE",
      "An error over 256 or a cause over 32768 UTF-16 code units is recorded cut at the limit,"
          + " with the truncation marker, instead of being refused and timing out.",
      "recorded within 256 / 32768",
      "recorded within 256 / 32768"),
  R10(
      Level.MUST,
      "Over-limit fields are refused before any call under REJECT",
      "InvalidTaskFailureException names the field and the limit; nothing is sent and the task"
          + " stays open for a valid report.",
      "InvalidTaskFailureException, 0 requests",
      "InvalidTaskFailureException, 0 requests"),
  R11(
      Level.MUST,
      "Error names beginning with States. are never sent as they are",
      "States. is reserved by the Step Functions language. TRUNCATE records Custom.States.X;"
          + " REJECT refuses before any call. The same on both backends.",
      "Custom.States.Timeout / refused",
      "Custom.States.Timeout / refused"),
  R12(
      Level.MUST,
      "No lone surrogate is ever sent",
      "Cutting never splits a surrogate pair, and a lone surrogate in the input is replaced"
          + " (TRUNCATE), so what is recorded is valid Unicode.",
      "recorded text is valid UTF-16",
      "recorded text is valid UTF-16"),
  R13(
      Level.MUST,
      "A permission denial is refused as not permitted, once",
      "AccessDeniedException (and SWF OperationNotPermittedFault) surface"
          + " ReportNotPermittedException after one request, and nothing is recorded.",
      "ReportNotPermittedException (AccessDeniedException)",
      "ReportNotPermittedException (OperationNotPermittedFault)"),
  R14(
      Level.MUST,
      "KMS refusals are told apart and not retried",
      "KmsAccessDeniedException is not permitted; KmsInvalidStateException is an unusable key"
          + " with its key state. SWF has no KMS on this call.",
      "ReportNotPermittedException, EncryptionKeyException(DISABLED)",
      "not applicable"),
  R15(
      Level.MUST,
      "Throttling is retried until the report lands",
      "ThrottlingException and the throttling codes the SDK does not retry (KmsThrottlingException,"
          + " LimitExceededFault) are retried with backoff; the failure is recorded once.",
      "recorded once after 3 requests",
      "recorded once after 3 requests"),
  R16(
      Level.MUST,
      "Throttling past the budget surfaces as retryable, not landed",
      "After maxAttempts the report surfaces BackendThrottledException with retryable() true,"
          + " mayHaveLanded() false, the token and the failure; nothing is recorded.",
      "BackendThrottledException after maxAttempts",
      "BackendThrottledException after maxAttempts"),
  R17(
      Level.MUST,
      "A burst of 5xx is retried until the report lands",
      "HTTP 500 and 503 are retried; the failure is recorded once.",
      "recorded once after 3 requests",
      "recorded once after 3 requests"),
  R18(
      Level.MUST,
      "A lost answer followed by task gone says it may have landed",
      "When an attempt is applied but its answer is lost, the retry is refused as task gone; the"
          + " exception says mayHaveLanded() and the failure is recorded exactly once.",
      "TaskGoneException, mayHaveLanded, recorded once",
      "TaskGoneException, mayHaveLanded, recorded once"),
  R19(
      Level.MUST,
      "The reported error name routes the workflow exactly",
      "Step Functions: a Catch whose ErrorEquals names the error (exact, case-sensitive) handles"
          + " it. SWF: the decider sees ActivityTaskFailed with that exact reason. Backends route"
          + " asynchronously: the kit waits, bounded, for the execution to end (SFN, up to 60 s)"
          + " or for the decision task (SWF, up to five long polls).",
      "Catch on the error name taken",
      "decider sees the exact reason"),
  R20(
      Level.MUST,
      "No token, error or cause in any exception text",
      "Exception messages and toString() show the backend, the wire code and the token's"
          + " fingerprint only. Checked on refusals every backend gives: a garbage token (the"
          + " backend's refusal, which must name the backend and its wire code), a token over the"
          + " length limit (which must name the limit) and a States. name under REJECT.",
      "no secret in exception text",
      "no secret in exception text"),
  R21(
      Level.MUST,
      "A poll of an idle source answers empty, not an error",
      "TaskClient.poll on an activity (SFN) or task list (SWF) nothing was scheduled on returns an"
          + " empty Optional: SWF's \"\" token and Step Functions' absent token both mean no task.",
      "Optional.empty()",
      "Optional.empty()"),
  R22(
      Level.MUST,
      "A success is accepted and recorded with its output",
      "TaskClient.succeed closes the task from one request; the history shows the success with the"
          + " output (SFN) or result (SWF) exactly as sent.",
      "ActivitySucceeded{output}",
      "ActivityTaskCompleted{result}"),
  R23(
      Level.MUST,
      "A second success, and a success after a failure, are refused as task gone",
      "succeed on a task already succeeded or failed surfaces TaskGoneException after one request;"
          + " the history keeps only the first outcome.",
      "TaskGoneException (TaskTimedOut)",
      "TaskGoneException (UnknownResourceFault)"),
  R24(
      Level.MUST,
      "A non-JSON or over-limit output is refused before any call",
      "An output or result cannot be cut (cut JSON is not JSON): one over the limit (SFN 262144"
          + " UTF-8 bytes, SWF 32768 characters) or, on Step Functions, one that is not JSON is"
          + " refused with an error naming the field and the limit, zero requests, and the task"
          + " stays open for a valid success.",
      "IllegalArgumentException, 0 requests (non-JSON and over 262144 bytes)",
      "IllegalArgumentException, 0 requests (over 32768 characters)"),
  R25(
      Level.MUST,
      "Cancel is answered in each backend's own terms",
      "SWF: after a decider's RequestCancelActivityTask, heartbeat answers cancelRequested() true"
          + " and cancel is recorded as ActivityTaskCanceled. Step Functions has neither: heartbeat"
          + " never says cancelRequested(), and cancel is recorded as a failure with TaskClient's"
          + " documented error code dev.taskbridge.Canceled (not a States. name) and the details as"
          + " cause.",
      "ActivityFailed{dev.taskbridge.Canceled, details}",
      "cancelRequested, ActivityTaskCanceled"),
  R26(
      Level.MUST,
      "A task is handed out exactly once to concurrent polls",
      "One task waits on its source; 4 concurrent TaskClient.poll calls on it: exactly one returns"
          + " the task, the others return empty when the long poll ends (one poll wait, held side"
          + " by side: 2 s on the embedded emulator, up to 60 s on the services), one poll request"
          + " each. History records the task started once, and the token handed out closes it.",
      "1 of 4 polls, one ActivityStarted",
      "1 of 4 polls, one ActivityTaskStarted"),
  R27(
      Level.MUST,
      "Heartbeats keep a task alive past its heartbeat timeout; their absence times it out",
      "A task with a heartbeat timeout (SFN HeartbeatSeconds, SWF heartbeatTimeout), heartbeated"
          + " more often than that, is still open well past it: a success lands. One left without"
          + " heartbeats times out, history records it (Step Functions records a heartbeat timeout"
          + " as States.Timeout; States.HeartbeatTimeout is only a Catch/Retry name), and a"
          + " heartbeat or a report on it is TaskGoneException. With a controllable clock the"
          + " timeout is 10 s and the clock moves; without, it is 2 s of real time (about 6 s).",
      "ActivityTimedOut{States.Timeout}, then TaskGoneException",
      "ActivityTaskTimedOut{HEARTBEAT}, then TaskGoneException");

  /** How strong a rule is, in RFC 2119 words. */
  public enum Level {
    MUST,
    SHOULD,
    MAY
  }

  private final Level level;
  private final String title;
  private final String intent;
  private final String expectedSfn;
  private final String expectedSwf;

  Rule(Level level, String title, String intent, String expectedSfn, String expectedSwf) {
    this.level = level;
    this.title = title;
    this.intent = intent;
    this.expectedSfn = expectedSfn;
    this.expectedSwf = expectedSwf;
  }

  /** MUST, SHOULD or MAY. */
  public Level level() {
    return level;
  }

  /** The rule in one line. */
  public String title() {
    return title;
  }

  /** What the rule protects, and what to look at when it fails. */
  public String intent() {
    return intent;
  }

  /** The outcome the rule expects on {@code backend}. */
  public String expected(Backend backend) {
    return backend == Backend.SFN ? expectedSfn : expectedSwf;
  }
}
