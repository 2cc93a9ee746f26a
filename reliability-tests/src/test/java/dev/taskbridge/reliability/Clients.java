package dev.taskbridge.reliability;

import dev.taskbridge.contract.TestClients;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.swf.SwfAsyncClient;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * SDK clients on loopback for these tests. Report clients have a short attempt timeout, so an
 * injected delay longer than it looks like a lost answer; setup clients have the SDK defaults.
 */
final class Clients {

  private Clients() {}

  static SfnClient sfnSetup(URI endpoint) {
    return TestClients.local(SfnClient.builder(), endpoint, true)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  static SwfClient swfSetup(URI endpoint) {
    return TestClients.local(SwfClient.builder(), endpoint, true)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  static SfnClient sfn(
      URI endpoint, Duration attemptTimeout, boolean sdkRetries, List<ExecutionInterceptor> i) {
    return TestClients.local(SfnClient.builder(), endpoint, true)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(config(attemptTimeout, sdkRetries, i))
        .build();
  }

  static SfnAsyncClient sfnAsync(
      URI endpoint, Duration attemptTimeout, boolean sdkRetries, List<ExecutionInterceptor> i) {
    return TestClients.local(SfnAsyncClient.builder(), endpoint, true)
        .httpClientBuilder(TestClients.netty())
        .overrideConfiguration(config(attemptTimeout, sdkRetries, i))
        .build();
  }

  static SwfClient swf(
      URI endpoint, Duration attemptTimeout, boolean sdkRetries, List<ExecutionInterceptor> i) {
    return TestClients.local(SwfClient.builder(), endpoint, true)
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .overrideConfiguration(config(attemptTimeout, sdkRetries, i))
        .build();
  }

  static SwfAsyncClient swfAsync(
      URI endpoint, Duration attemptTimeout, boolean sdkRetries, List<ExecutionInterceptor> i) {
    return TestClients.local(SwfAsyncClient.builder(), endpoint, true)
        .httpClientBuilder(TestClients.netty())
        .overrideConfiguration(config(attemptTimeout, sdkRetries, i))
        .build();
  }

  /**
   * One override configuration, so the retry setting and the interceptors do not replace each
   * other.
   */
  static ClientOverrideConfiguration config(
      Duration attemptTimeout, boolean sdkRetries, List<ExecutionInterceptor> interceptors) {
    ClientOverrideConfiguration.Builder b =
        ClientOverrideConfiguration.builder()
            .apiCallAttemptTimeout(attemptTimeout)
            .executionInterceptors(interceptors);
    if (!sdkRetries) {
      b.retryStrategy(AwsRetryStrategy.doNotRetry());
    }
    return b.build();
  }
}
