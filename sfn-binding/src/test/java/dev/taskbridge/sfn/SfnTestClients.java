package dev.taskbridge.sfn;

import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.api.TaskClient;
import dev.taskbridge.contract.TestClients;
import java.net.URI;
import java.util.function.Consumer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/** The clients the Sfn tests drive: URL-connection for blocking, Netty for async. */
final class SfnTestClients {

  private SfnTestClients() {}

  /** A task client over a real SDK client pointed at {@code endpoint}; {@code closer} owns it. */
  static TaskClient client(
      boolean asyncClient,
      URI endpoint,
      ReporterOptions options,
      TestClients.Settings settings,
      Consumer<AutoCloseable> closer) {
    if (asyncClient) {
      SfnAsyncClient client =
          TestClients.local(SfnAsyncClient.builder(), endpoint, settings)
              .httpClientBuilder(TestClients.netty())
              .build();
      closer.accept(client);
      return SfnTaskClient.create(client, options);
    }
    SfnClient client =
        TestClients.local(SfnClient.builder(), endpoint, settings)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    closer.accept(client);
    return SfnTaskClient.create(client, options);
  }
}
