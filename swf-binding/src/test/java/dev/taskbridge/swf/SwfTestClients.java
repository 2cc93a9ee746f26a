package dev.taskbridge.swf;

import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.api.TaskClient;
import dev.taskbridge.contract.TestClients;
import java.net.URI;
import java.util.function.Consumer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.swf.SwfAsyncClient;
import software.amazon.awssdk.services.swf.SwfClient;

/** The clients the Swf tests drive: URL-connection for blocking, Netty for async. */
final class SwfTestClients {

  private SwfTestClients() {}

  /** A task client over a real SDK client pointed at {@code endpoint}; {@code closer} owns it. */
  static TaskClient client(
      boolean asyncClient,
      URI endpoint,
      ReporterOptions options,
      TestClients.Settings settings,
      Consumer<AutoCloseable> closer) {
    if (asyncClient) {
      SwfAsyncClient client =
          TestClients.local(SwfAsyncClient.builder(), endpoint, settings)
              .httpClientBuilder(TestClients.netty())
              .build();
      closer.accept(client);
      return SwfTaskClient.create(client, options);
    }
    SwfClient client =
        TestClients.local(SwfClient.builder(), endpoint, settings)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .build();
    closer.accept(client);
    return SwfTaskClient.create(client, options);
  }
}
