package dev.taskbridge.aws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.ReportOutcome;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskToken;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
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
  private final Redaction redaction = new Redaction(TaskToken.of(TOKEN), FAILURE);

  private static final ErrorClassifier CLASSIFIER =
      new ErrorClassifier(
          new BackendProfile(
              Backend.SFN,
              Map.of(
                  "ValidationException", ReportOutcome.REJECTED,
                  "TaskTimedOut", ReportOutcome.TASK_GONE),
              e -> null,
              Set.of()));

  @Test
  void cleanText_replacesEverySecretAndItsPrefix_leavesOtherTextAlone() {
    assertThat(redaction.clean((String) null)).isNull();
    String plain = "nothing here";
    assertThat(redaction.clean(plain)).isSameAs(plain);
    assertThat(redaction.clean("a " + TOKEN + " b")).isEqualTo("a <redacted> b");
    assertThat(redaction.clean("x " + TOKEN.substring(0, 16) + " y")).isEqualTo("x <redacted> y");
    assertThat(redaction.clean("Err.Secret/cause with secret")).isEqualTo("<redacted>/<redacted>");
  }

  @Test
  void cleanText_secretsOfFourOrMoreOnly() {
    Redaction r = new Redaction(TaskToken.of("abcd"), TaskFailure.of("xyz", null));
    assertThat(r.clean("abcd xyz")).isEqualTo("<redacted> xyz");
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
    assertThat(c.getSuppressed()[1].getMessage()).isEqualTo("attempt saw <redacted>");
  }

  @Test
  void cleanException_secretOnlyInSuppressed_isCopied() {
    SdkException e = SdkClientException.create("plain");
    e.addSuppressed(new RuntimeException("Err.Secret"));
    SdkException c = redaction.clean(e);
    assertThat(c).isNotSameAs(e);
    assertThat(c.getSuppressed()[0].getMessage()).isEqualTo("<redacted>");
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
            CLASSIFIER
                .classify(service("ValidationException", "Value at 'taskToken' failed", 400))
                .outcome())
        .isEqualTo(ReportOutcome.INVALID_TOKEN);
    assertThat(CLASSIFIER.classify(service("ValidationException", "Invalid token", 400)).outcome())
        .isEqualTo(ReportOutcome.INVALID_TOKEN);
    assertThat(CLASSIFIER.classify(service("ValidationException", "other", 400)).outcome())
        .isEqualTo(ReportOutcome.REJECTED);
    assertThat(CLASSIFIER.classify(service("ValidationException", null, 400)).outcome())
        .isEqualTo(ReportOutcome.REJECTED);
    assertThat(CLASSIFIER.classify(service("TaskTimedOut", "gone", 400)).outcome())
        .isEqualTo(ReportOutcome.TASK_GONE);
  }

  @Test
  void classify_unknownCodes_byStatus() {
    ErrorClassifier.Attempt a429 = CLASSIFIER.classify(service("Whatever", "m", 429));
    assertThat(a429.outcome()).isEqualTo(ReportOutcome.THROTTLED);
    assertThat(a429.mayHaveLanded()).isFalse();
    ErrorClassifier.Attempt a500 = CLASSIFIER.classify(service("Whatever", "m", 500));
    assertThat(a500.outcome()).isEqualTo(ReportOutcome.UNAVAILABLE);
    assertThat(a500.mayHaveLanded()).isTrue();
    ErrorClassifier.Attempt a499 = CLASSIFIER.classify(service("Whatever", "m", 499));
    assertThat(a499.outcome()).isEqualTo(ReportOutcome.REJECTED);
    assertThat(a499.mayHaveLanded()).isFalse();
    assertThat(CLASSIFIER.classify(service("InternalFailure", "m", 400)).outcome())
        .isEqualTo(ReportOutcome.UNAVAILABLE);
    assertThat(a500.code()).isEqualTo("Whatever");
    assertThat(a500.status()).isEqualTo(500);
    assertThat(a500.sdkAttempts()).isEqualTo(1);
  }

  @Test
  void classify_unparsedServiceAnswer_byStatusAlone() {
    assertThat(CLASSIFIER.classify(plainService(429)).outcome()).isEqualTo(ReportOutcome.THROTTLED);
    ErrorClassifier.Attempt a500 = CLASSIFIER.classify(plainService(500));
    assertThat(a500.outcome()).isEqualTo(ReportOutcome.UNAVAILABLE);
    assertThat(a500.mayHaveLanded()).isTrue();
    ErrorClassifier.Attempt a499 = CLASSIFIER.classify(plainService(499));
    assertThat(a499.outcome()).isEqualTo(ReportOutcome.REJECTED);
    assertThat(a499.mayHaveLanded()).isFalse();
    assertThat(CLASSIFIER.classify(plainService(0)).outcome()).isEqualTo(ReportOutcome.UNAVAILABLE);
    assertThat(CLASSIFIER.classify(plainService(400)).outcome()).isEqualTo(ReportOutcome.REJECTED);
    assertThat(a500.code()).isNull();
  }

  @Test
  void classify_noAnswer_mayHaveLandedOnlyIfSent() {
    ErrorClassifier.Attempt io =
        CLASSIFIER.classify(
            SdkClientException.builder().message("io").cause(new IOException("reset")).build());
    assertThat(io.outcome()).isEqualTo(ReportOutcome.UNAVAILABLE);
    assertThat(io.mayHaveLanded()).isTrue();
    ErrorClassifier.Attempt timeout =
        CLASSIFIER.classify(ApiCallAttemptTimeoutException.create(200));
    assertThat(timeout.mayHaveLanded()).isTrue();
    ErrorClassifier.Attempt notSent = CLASSIFIER.classify(SdkClientException.create("no"));
    assertThat(notSent.outcome()).isEqualTo(ReportOutcome.UNAVAILABLE);
    assertThat(notSent.mayHaveLanded()).isFalse();
    assertThat(notSent.priorSdkAttemptMayHaveLanded()).isFalse();
  }

  @Test
  void classify_priorSdkAttempts_4xxDidNotLand_othersMayHave() {
    SdkException throttledBefore = SdkClientException.create("no");
    throttledBefore.addSuppressed(
        new RuntimeException("Request attempt 1 failure: Rate exceeded (Status Code: 400)"));
    throttledBefore.addSuppressed(new RuntimeException("unrelated"));
    assertThat(CLASSIFIER.classify(throttledBefore).priorSdkAttemptMayHaveLanded()).isFalse();
    SdkException failedBefore = SdkClientException.create("no");
    failedBefore.addSuppressed(
        new RuntimeException("Request attempt 1 failure: boom (Status Code: 500)"));
    assertThat(CLASSIFIER.classify(failedBefore).priorSdkAttemptMayHaveLanded()).isTrue();
    SdkException ioBefore = SdkClientException.create("no");
    ioBefore.addSuppressed(new RuntimeException("Request attempt 1 failure: reset"));
    assertThat(CLASSIFIER.classify(ioBefore).priorSdkAttemptMayHaveLanded()).isTrue();
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
