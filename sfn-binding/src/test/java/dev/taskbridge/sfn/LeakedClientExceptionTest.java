package dev.taskbridge.sfn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.taskbridge.api.BackendUnavailableException;
import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskFailureReporter;
import dev.taskbridge.api.TaskToken;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * SDK 2.40.2's URL-connection client can let a bare NullPointerException through under load
 * (aws/aws-sdk-java-v2#6894). The reporter must treat it as no answer: retry it, and if it persists
 * surface a BackendUnavailableException that carries the token and the failure.
 */
class LeakedClientExceptionTest {

  /** Throws a NullPointerException for the first {@code failures} calls, then answers 200 {}. */
  static final class FlakyHttpClient implements SdkHttpClient {
    final AtomicInteger calls = new AtomicInteger();
    final int failures;

    FlakyHttpClient(int failures) {
      this.failures = failures;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      return new ExecutableHttpRequest() {
        @Override
        public HttpExecuteResponse call() {
          if (calls.incrementAndGet() <= failures) {
            throw new NullPointerException("sun.net.www.protocol.http leaked this");
          }
          return HttpExecuteResponse.builder()
              .response(SdkHttpResponse.builder().statusCode(200).build())
              .responseBody(
                  AbortableInputStream.create(
                      new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8))))
              .build();
        }

        @Override
        public void abort() {}
      };
    }

    @Override
    public void close() {}
  }

  private static TaskFailureReporter reporter(FlakyHttpClient http, int maxAttempts) {
    SfnClient client =
        SfnClient.builder()
            .httpClient(http)
            .endpointOverride(URI.create("http://127.0.0.1:1"))
            .region(Region.US_EAST_1)
            .credentialsProvider(AnonymousCredentialsProvider.create())
            .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
            .build();
    return SfnTaskFailureReporter.create(
        client,
        ReporterOptions.builder()
            .initialBackoff(Duration.ofMillis(1))
            .maxBackoff(Duration.ofMillis(2))
            .maxAttempts(maxAttempts)
            .build());
  }

  @Test
  void report_whenTheHttpClientLeaksAnNpe_retriesItUntilTheReportLands() {
    FlakyHttpClient http = new FlakyHttpClient(2);

    reporter(http, 5).report(TaskToken.of("tok-123456"), TaskFailure.of("E.Code", "cause"));

    assertThat(http.calls.get()).isEqualTo(3);
  }

  @Test
  void reportAsync_whenTheNpePersists_surfacesUnavailableCarryingTokenAndFailure() {
    FlakyHttpClient http = new FlakyHttpClient(100);
    TaskFailure failure = TaskFailure.of("E.Code", "cause of the failure");

    Throwable thrown =
        catchThrowable(
            () -> reporter(http, 3).reportAsync(TaskToken.of("tok-123456"), failure).join());

    assertThat(thrown).isNotNull().hasCauseInstanceOf(BackendUnavailableException.class);
    BackendUnavailableException e =
        (BackendUnavailableException) java.util.Objects.requireNonNull(thrown).getCause();
    assertThat(java.util.Objects.requireNonNull(e).mayHaveLanded()).isTrue();
    assertThat(e.retryable()).isTrue();
    assertThat(e.token()).isEqualTo(TaskToken.of("tok-123456"));
    assertThat(e.failure()).isEqualTo(failure);
    assertThat(e.getCause()).isInstanceOf(NullPointerException.class);
    assertThat(http.calls.get()).isEqualTo(3);
  }
}
