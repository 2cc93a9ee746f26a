package dev.taskbridge.conformance;

import dev.taskbridge.api.Backend;
import java.util.List;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * Blocking SDK clients for a target, as the kit uses them: the target's endpoint, region and
 * credentials, the given HTTP client, the SDK's own retries off, and the given interceptors.
 */
final class TargetClients {

  private TargetClients() {}

  static SfnClient sfn(Target target, SdkHttpClient http, List<ExecutionInterceptor> interceptors) {
    return configure(SfnClient.builder(), target, Backend.SFN, http, interceptors).build();
  }

  static SwfClient swf(Target target, SdkHttpClient http, List<ExecutionInterceptor> interceptors) {
    return configure(SwfClient.builder(), target, Backend.SWF, http, interceptors).build();
  }

  private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(
      B builder,
      Target target,
      Backend backend,
      SdkHttpClient http,
      List<ExecutionInterceptor> interceptors) {
    return builder
        .httpClient(http)
        .endpointOverride(target.endpoint(backend))
        .region(target.region())
        .credentialsProvider(target.credentials())
        .overrideConfiguration(
            o -> {
              o.retryStrategy(AwsRetryStrategy.doNotRetry());
              interceptors.forEach(o::addExecutionInterceptor);
            });
  }
}
