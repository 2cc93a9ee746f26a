package dev.taskbridge.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.ReportOutcome;
import dev.taskbridge.api.TaskCall;
import dev.taskbridge.api.TaskFailure;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Targeted tests of {@link Redaction} and {@link ErrorClassifier} for the branches the contract
 * suite does not reach over HTTP (found by mutation testing).
 */
class RedactionAndClassifierTest {

  private static final String TOKEN = "tok-0123456789abcdefXYZ";
  private static final TaskFailure FAILURE = TaskFailure.of("Err.Secret", "cause with secret");
  private final Redaction redaction = Redaction.of(TOKEN, FAILURE.error(), FAILURE.cause());

  private static final ErrorClassifier CLASSIFIER =
      new ErrorClassifier(
          new BackendProfile(
              Backend.SFN,
              Map.of(
                  "ValidationException", ReportOutcome.REJECTED,
                  "TaskTimedOut", ReportOutcome.TASK_GONE,
                  "ThrottlingException", ReportOutcome.THROTTLED),
              e -> null,
              Set.of()));

  @Test
  void cleanText_replacesEverySecretAndEveryEchoOfEightOrMore_leavesOtherTextAlone() {
    assertThat(redaction.clean((String) null)).isNull();
    String plain = "nothing here";
    assertThat(redaction.clean(plain)).isSameAs(plain);
    assertThat(redaction.clean("a " + TOKEN + " b")).isEqualTo("a <redacted> b");
    assertThat(redaction.clean("x " + TOKEN.substring(0, 8) + " y")).isEqualTo("x <redacted> y");
    assertThat(redaction.clean("x " + TOKEN.substring(0, 7) + " y"))
        .isEqualTo("x " + TOKEN.substring(0, 7) + " y");
    assertThat(redaction.clean("mid " + TOKEN.substring(5, 14) + ".")).isEqualTo("mid <redacted>.");
    assertThat(redaction.clean("Err.Secret/cause with secret")).isEqualTo("<redacted>/<redacted>");
  }

  @Test
  void cleanText_whenTheErrorOccursInsideTheCause_replacesTheWholeCause() {
    // TaskFailure.from(e): the cause is JSON carrying the error's name, then personal data.
    String error = "com.example.PaymentDeclined";
    String cause = "{\"errorType\":\"" + error + "\",\"message\":\"jane.roe@example.com 4111\"}";
    Redaction r = Redaction.of("token-abcdefgh", error, cause);

    String cleaned = r.clean("Value '" + cause + "' at 'cause' failed to satisfy constraint");

    assertThat(cleaned).isEqualTo("Value '<redacted>' at 'cause' failed to satisfy constraint");
  }

  @Test
  void cleanText_overlappingAndAdjacentEchoes_becomeOneMark() {
    Redaction r = Redaction.of("ABCDEFGHIJ", "abcdefghij");
    assertThat(r.clean("<ABCDEFGHIJabcdefghij>")).isEqualTo("<<redacted>>");
    assertThat(r.clean("ABCDEFGHIJ ABCDEFGH")).isEqualTo("<redacted> <redacted>");
    assertThat(r.clean("ABCDEFG-abcdefg")).isEqualTo("ABCDEFG-abcdefg");
  }

  @Test
  void cleanText_shortSecretsWholeOnly_tinyOnesNever() {
    Redaction r = Redaction.of("abcd", "xyz", null, "");
    assertThat(r.clean("abcd xyz abc")).isEqualTo("<redacted> xyz abc");
    assertThat(r.clean("abcdabcd")).isEqualTo("<redacted>");
    assertThat(r.leaks("abc")).isFalse();
    assertThat(r.leaks(null)).isFalse();
    assertThat(Redaction.of().clean("anything at all")).isEqualTo("anything at all");
  }

  @Test
  void cleanText_takesAnyNumberOfSecrets() {
    Redaction r = new Redaction(List.of("output-0123456789", "details-abcdefghij", "in"));
    assertThat(r.clean("got output-01234 and details-abcdef"))
        .isEqualTo("got <redacted> and <redacted>");
  }

  @Test
  void cleanText_ofAHugeCause_isLinear() {
    String cause = "c".repeat(10) + "0123456789".repeat(30_000);
    Redaction r = Redaction.of(TOKEN, "E.rr", cause);
    String text = ("echo " + cause.substring(100, 200) + " ").repeat(2_000);

    String cleaned = r.clean(text);

    assertThat(cleaned).isEqualTo("echo <redacted> ".repeat(2_000));
  }

  @Test
  void cleanException_secretInACause_isCopiedWithTheCauseCleaned() {
    RuntimeException inner = new IllegalStateException("body was " + TOKEN);
    SdkException e = SdkClientException.builder().message("plain").cause(inner).build();

    SdkException c = redaction.clean(e);

    assertThat(c).isNotSameAs(e).isInstanceOf(SdkClientException.class);
    Throwable cause = Objects.requireNonNull(c.getCause());
    assertThat(cause.getMessage())
        .isEqualTo("java.lang.IllegalStateException: body was <redacted>");
    assertThat(cause.getStackTrace()).isEqualTo(inner.getStackTrace());
  }

  @Test
  void cleanException_aPlainRuntimeException_isReplacedOnlyIfItLeaks() {
    RuntimeException plain = new NullPointerException("nothing");
    assertThat(redaction.clean(plain)).isSameAs(plain);
    RuntimeException leaky = new IllegalArgumentException("saw " + TOKEN);
    RuntimeException c = redaction.clean(leaky);
    assertThat(c).isInstanceOf(SdkException.class);
    assertThat(c.getMessage()).isEqualTo("java.lang.IllegalArgumentException: saw <redacted>");
  }

  @Test
  void cleanException_aCycle_endsAndLeaksNothing() {
    RuntimeException a = new IllegalStateException("a " + TOKEN);
    RuntimeException b = new RuntimeException("b " + TOKEN, a);
    a.initCause(b);

    RuntimeException c = redaction.clean(a);

    assertThat(c.getMessage()).isEqualTo("java.lang.IllegalStateException: a <redacted>");
    Throwable cause = Objects.requireNonNull(c.getCause());
    assertThat(cause.getMessage()).doesNotContain(TOKEN);
    assertThat(Objects.requireNonNull(cause.getCause()).getMessage()).isEqualTo("<redacted>");
  }

  @Test
  void cleanException_withoutSecret_isTheSameInstance() {
    SdkException e = SdkClientException.create("plain");
    e.addSuppressed(new RuntimeException("also plain"));
    assertThat(redaction.clean(e)).isSameAs(e);
    AwsServiceException a = service("ValidationException", "plain", 400);
    assertThat(redaction.clean(a)).isSameAs(a);
  }

  @Test
  void cleanException_secretInMessage_isCopiedCleaned_withStackAndSuppressed() {
    SdkException e = SdkClientException.create("bad " + TOKEN);
    RuntimeException keep = new RuntimeException("fine");
    e.addSuppressed(keep);
    e.addSuppressed(new RuntimeException("attempt saw " + TOKEN));
    SdkException c = redaction.clean(e);
    assertThat(c).isNotSameAs(e).isInstanceOf(SdkClientException.class);
    assertThat(c.getMessage()).isEqualTo("bad <redacted>");
    assertThat(c.getStackTrace()).isEqualTo(e.getStackTrace());
    assertThat(c.getSuppressed()).hasSize(2);
    assertThat(c.getSuppressed()[0]).isSameAs(keep);
    assertThat(c.getSuppressed()[1].getMessage())
        .isEqualTo("java.lang.RuntimeException: attempt saw <redacted>");
  }

  @Test
  void cleanException_secretOnlyInSuppressed_isCopied() {
    SdkException e = SdkClientException.create("plain");
    e.addSuppressed(new RuntimeException("Err.Secret"));
    SdkException c = redaction.clean(e);
    assertThat(c).isNotSameAs(e);
    assertThat(c.getSuppressed()[0].getMessage())
        .isEqualTo("java.lang.RuntimeException: <redacted>");
  }

  @Test
  void cleanException_secretOnlyInErrorDetails_isCopiedWithoutRawBody() {
    AwsServiceException e =
        AwsServiceException.builder()
            .message("plain")
            .statusCode(400)
            .awsErrorDetails(
                AwsErrorDetails.builder()
                    .errorCode("ValidationException")
                    .errorMessage("Value 'cause with secret' at 'cause'")
                    .build())
            .build();
    AwsServiceException c = (AwsServiceException) redaction.clean(e);
    assertThat(c).isNotSameAs(e);
    assertThat(c.awsErrorDetails().errorMessage()).isEqualTo("Value '<redacted>' at 'cause'");
    assertThat(c.awsErrorDetails().rawResponse()).isNull();
    assertThat(c.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
  }

  @Test
  void classify_validationNamingTheToken_isInvalidToken_elseRejected() {
    assertThat(
            classifyAnswer(service("ValidationException", "Value at 'taskToken' failed", 400))
                .outcome())
        .isEqualTo(ReportOutcome.INVALID_TOKEN);
    assertThat(classifyAnswer(service("ValidationException", "Invalid token", 400)).outcome())
        .isEqualTo(ReportOutcome.INVALID_TOKEN);
    assertThat(classifyAnswer(service("ValidationException", "other", 400)).outcome())
        .isEqualTo(ReportOutcome.REJECTED);
    assertThat(classifyAnswer(service("ValidationException", null, 400)).outcome())
        .isEqualTo(ReportOutcome.REJECTED);
    assertThat(classifyAnswer(service("TaskTimedOut", "gone", 400)).outcome())
        .isEqualTo(ReportOutcome.TASK_GONE);
  }

  @Test
  void classify_unknownCodes_byStatus() {
    ErrorClassifier.Attempt a429 = classifyAnswer(service("Whatever", "m", 429));
    assertThat(a429.outcome()).isEqualTo(ReportOutcome.THROTTLED);
    assertThat(a429.mayHaveLanded()).isFalse();
    ErrorClassifier.Attempt a500 = classifyAnswer(service("Whatever", "m", 500));
    assertThat(a500.outcome()).isEqualTo(ReportOutcome.UNAVAILABLE);
    assertThat(a500.mayHaveLanded()).isTrue();
    ErrorClassifier.Attempt a499 = classifyAnswer(service("Whatever", "m", 499));
    assertThat(a499.outcome()).isEqualTo(ReportOutcome.REJECTED);
    assertThat(a499.mayHaveLanded()).isFalse();
    assertThat(classifyAnswer(service("InternalFailure", "m", 400)).outcome())
        .isEqualTo(ReportOutcome.UNAVAILABLE);
    assertThat(a500.code()).isEqualTo("Whatever");
    assertThat(a500.status()).isEqualTo(500);
    assertThat(a500.sdkAttempts()).isEqualTo(1);
  }

  @Test
  void classify_unparsedServiceAnswer_byStatusAlone() {
    assertThat(classifyAnswer(plainService(429)).outcome()).isEqualTo(ReportOutcome.THROTTLED);
    ErrorClassifier.Attempt a500 = classifyAnswer(plainService(500));
    assertThat(a500.outcome()).isEqualTo(ReportOutcome.UNAVAILABLE);
    assertThat(a500.mayHaveLanded()).isTrue();
    ErrorClassifier.Attempt a499 = classifyAnswer(plainService(499));
    assertThat(a499.outcome()).isEqualTo(ReportOutcome.REJECTED);
    assertThat(a499.mayHaveLanded()).isFalse();
    assertThat(classifyAnswer(plainService(0)).outcome()).isEqualTo(ReportOutcome.UNAVAILABLE);
    assertThat(classifyAnswer(plainService(400)).outcome()).isEqualTo(ReportOutcome.REJECTED);
    assertThat(a500.code()).isNull();
  }

  @Test
  void classify_noAnswer_mayHaveLandedOnlyIfItReachedAServer() {
    List<SdkAttempt> inFlight = List.of(SdkAttempt.NO_ANSWER);
    ErrorClassifier.Attempt io =
        CLASSIFIER.classify(
            SdkClientException.builder().message("io").cause(new IOException("reset")).build(),
            inFlight);
    assertThat(io.outcome()).isEqualTo(ReportOutcome.UNAVAILABLE);
    assertThat(io.mayHaveLanded()).isTrue();
    assertThat(io.sdkAttempts()).isEqualTo(1);
    assertThat(CLASSIFIER.classify(ApiCallTimeoutException.create(200), inFlight).mayHaveLanded())
        .isTrue();
    assertThat(CLASSIFIER.classify(new NullPointerException(), inFlight).mayHaveLanded()).isTrue();
    ErrorClassifier.Attempt notSent =
        CLASSIFIER.classify(SdkClientException.create("no credentials"), List.of());
    assertThat(notSent.outcome()).isEqualTo(ReportOutcome.UNAVAILABLE);
    assertThat(notSent.mayHaveLanded()).isFalse();
    assertThat(notSent.sdkAttempts()).isZero();
    assertThat(notSent.priorSdkAttemptMayHaveLanded()).isFalse();
  }

  @Test
  void classify_neverConnected_didNotLand_byTheFailuresType() {
    List<SdkAttempt> inFlight = List.of(SdkAttempt.NO_ANSWER);
    for (Throwable cause :
        List.of(
            new ConnectException("Connection refused"),
            new NoRouteToHostException("no route"),
            new UnknownHostException("nowhere.invalid"),
            new SSLHandshakeException("bad certificate"),
            // the Netty client's pool gave no connection in time: the request was never written
            new TimeoutException("Acquire operation took longer than 10000 milliseconds."))) {
      SdkException e =
          SdkClientException.builder()
              .message("wrapped")
              .cause(new IOException("outer", cause))
              .build();
      assertThat(CLASSIFIER.classify(e, inFlight).mayHaveLanded()).as(cause.toString()).isFalse();
    }
    // The text says "Connection refused"; the type does not: text never decides.
    SdkException text =
        SdkClientException.builder()
            .message("Connection refused")
            .cause(new IOException("Connection refused"))
            .build();
    assertThat(CLASSIFIER.classify(text, inFlight).mayHaveLanded()).isTrue();
  }

  @Test
  void classify_timeoutAfterAnAnsweredAttempt_isThatAnswer() {
    List<SdkAttempt> throttled =
        List.of(
            new SdkAttempt(true, 400, "ThrottlingException", "r1"),
            new SdkAttempt(true, 400, "ThrottlingException", "r2"));
    ErrorClassifier.Attempt a = CLASSIFIER.classify(ApiCallTimeoutException.create(50), throttled);
    assertThat(a.outcome()).isEqualTo(ReportOutcome.THROTTLED);
    assertThat(a.code()).isEqualTo("ThrottlingException");
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.requestId()).isEqualTo("r2");
    assertThat(a.sdkAttempts()).isEqualTo(2);
    assertThat(a.mayHaveLanded()).isFalse();
    assertThat(a.priorSdkAttemptMayHaveLanded()).isFalse();

    ErrorClassifier.Attempt sdkCode =
        CLASSIFIER.classify(
            ApiCallTimeoutException.create(50),
            List.of(new SdkAttempt(true, 400, "RequestLimitExceeded", null)));
    assertThat(sdkCode.outcome()).isEqualTo(ReportOutcome.THROTTLED);
    ErrorClassifier.Attempt noCode =
        CLASSIFIER.classify(
            ApiCallTimeoutException.create(50), List.of(new SdkAttempt(true, 503, null, null)));
    assertThat(noCode.outcome()).isEqualTo(ReportOutcome.UNAVAILABLE);
    assertThat(noCode.mayHaveLanded()).isTrue();
    ErrorClassifier.Attempt unread =
        CLASSIFIER.classify(
            ApiCallTimeoutException.create(50), List.of(new SdkAttempt(true, 400, null, null)));
    assertThat(unread.outcome()).isEqualTo(ReportOutcome.UNAVAILABLE);
    assertThat(unread.mayHaveLanded()).isFalse();
    // The last body arrived too late to be read; the SDK retried the attempts before it, whose
    // code (with the same status) names the answer: still throttled, not "unavailable".
    ErrorClassifier.Attempt unreadAfterThrottling =
        CLASSIFIER.classify(
            ApiCallTimeoutException.create(50),
            List.of(
                new SdkAttempt(true, 400, "ThrottlingException", "r1"),
                new SdkAttempt(true, 503, "ServiceUnavailable", "r2"),
                new SdkAttempt(true, 400, null, "r3")));
    assertThat(unreadAfterThrottling.outcome()).isEqualTo(ReportOutcome.THROTTLED);
    assertThat(unreadAfterThrottling.code()).isEqualTo("ThrottlingException");
    assertThat(unreadAfterThrottling.requestId()).isEqualTo("r3");
    assertThat(unreadAfterThrottling.mayHaveLanded()).isFalse();
    // The same across the report's SDK calls: a call whose only answer came too late to be read,
    // retried after a call that was throttled with the same status, is still throttled.
    ErrorClassifier.Attempt unreadAfterAThrottledCall =
        CLASSIFIER.classify(
            TaskCall.REPORT,
            ApiCallTimeoutException.create(50),
            List.of(new SdkAttempt(true, 400, null, "r5")),
            a);
    assertThat(unreadAfterAThrottledCall.outcome()).isEqualTo(ReportOutcome.THROTTLED);
    assertThat(unreadAfterAThrottledCall.code()).isEqualTo("ThrottlingException");
    assertThat(unreadAfterAThrottledCall.requestId()).isEqualTo("r5");
    assertThat(
            CLASSIFIER
                .classify(
                    TaskCall.REPORT,
                    ApiCallTimeoutException.create(50),
                    List.of(new SdkAttempt(true, 500, null, null)),
                    a)
                .code())
        .as("another status says nothing of the previous call's code")
        .isNull();
    assertThat(
            CLASSIFIER
                .classify(
                    ApiCallTimeoutException.create(50),
                    List.of(new SdkAttempt(true, 429, null, null)))
                .outcome())
        .isEqualTo(ReportOutcome.THROTTLED);
    ErrorClassifier.Attempt transientCode =
        CLASSIFIER.classify(
            ApiCallTimeoutException.create(50),
            List.of(new SdkAttempt(true, 400, "RequestTimeout", null)));
    assertThat(transientCode.outcome()).isEqualTo(ReportOutcome.UNAVAILABLE);
    assertThat(transientCode.mayHaveLanded()).isFalse();
  }

  @Test
  void classify_priorSdkAttempts_answered4xxDidNotLand_othersMayHave() {
    SdkException gone = service("TaskTimedOut", "gone", 400);
    SdkAttempt last = new SdkAttempt(true, 400, "TaskTimedOut", null);
    assertThat(
            CLASSIFIER
                .classify(
                    gone, List.of(new SdkAttempt(true, 400, "ThrottlingException", null), last))
                .priorSdkAttemptMayHaveLanded())
        .isFalse();
    assertThat(
            CLASSIFIER
                .classify(gone, List.of(new SdkAttempt(true, 500, "InternalFailure", null), last))
                .priorSdkAttemptMayHaveLanded())
        .isTrue();
    assertThat(
            CLASSIFIER
                .classify(gone, List.of(SdkAttempt.NO_ANSWER, last))
                .priorSdkAttemptMayHaveLanded())
        .isTrue();
    assertThat(CLASSIFIER.classify(gone, List.of(SdkAttempt.NO_ANSWER, last)).sdkAttempts())
        .isEqualTo(2);
  }

  @Test
  void attemptLogCode_headerFirst_thenBody_namespaceStripped() {
    assertThat(AttemptLog.strip("com.amazon.coral.availability#ThrottlingException"))
        .isEqualTo("ThrottlingException");
    assertThat(AttemptLog.strip("ThrottlingException:http://internal.amazon.com/"))
        .isEqualTo("ThrottlingException");
    AttemptLog log = new AttemptLog();
    log.begin();
    log.answered(400, "ns#FromHeader", "req-1");
    byte[] body = "{\"__type\":\"ns#FromBody\"}".getBytes(StandardCharsets.UTF_8);
    log.body(body, 0, body.length);
    log.begin();
    log.answered(400, null, null);
    log.body(java.nio.ByteBuffer.wrap(body));
    log.begin();
    log.answered(502, null, null);
    byte[] html = "<html>bad gateway</html>".getBytes(StandardCharsets.UTF_8);
    log.body(html, 0, html.length);
    log.begin();
    log.answered(400, null, null);
    byte[] code = "{\"code\":\"Other\",\"__type\":3}".getBytes(StandardCharsets.UTF_8);
    log.body(code, 0, code.length);
    log.begin();
    log.answered(200, null, null);
    log.begin();

    assertThat(log.attempts())
        .containsExactly(
            new SdkAttempt(true, 400, "FromHeader", "req-1"),
            new SdkAttempt(true, 400, "FromBody", null),
            new SdkAttempt(true, 502, null, null),
            new SdkAttempt(true, 400, "Other", null),
            new SdkAttempt(true, 200, null, null),
            SdkAttempt.NO_ANSWER);
  }

  /** Classifies an exception without attempt records (a client the recorder did not see). */
  private static ErrorClassifier.Attempt classifyAnswer(RuntimeException e) {
    return CLASSIFIER.classify(e, List.of());
  }

  private static AwsServiceException service(
      String code, @org.jspecify.annotations.Nullable String message, int status) {
    return AwsServiceException.builder()
        .message(message)
        .statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(message).build())
        .build();
  }

  private static SdkServiceException plainService(int status) {
    return SdkServiceException.builder().message("status " + status).statusCode(status).build();
  }
}
