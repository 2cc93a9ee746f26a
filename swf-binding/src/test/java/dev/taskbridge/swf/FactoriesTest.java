package dev.taskbridge.swf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.contract.TestClients;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.swf.SwfAsyncClient;
import software.amazon.awssdk.services.swf.SwfClient;

/** The no-options factories and the module's value semantics (found by mutation testing). */
class FactoriesTest {

  private static final URI NOWHERE = URI.create("http://127.0.0.1:9");

  @Test
  void create_withoutOptions_usesDefaults() {
    try (SwfClient sync =
            TestClients.local(SwfClient.builder(), NOWHERE, false)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        SwfAsyncClient async =
            TestClients.local(SwfAsyncClient.builder(), NOWHERE, false)
                .httpClientBuilder(TestClients.netty())
                .build()) {
      assertThat(SwfTaskFailureReporter.create(sync).backend()).isEqualTo(Backend.SWF);
      assertThat(SwfTaskFailureReporter.create(sync).toString())
          .contains(ReporterOptions.defaults().toString());
      assertThat(SwfTaskFailureReporter.create(async).backend()).isEqualTo(Backend.SWF);
      assertThat(SwfTaskFailureReporter.create(async).toString())
          .contains("SwfAsyncClient", ReporterOptions.defaults().toString());
    }
  }

  @Test
  void module_valueSemantics_andDescription() {
    assertThat(SwfBindingModule.withSyncClient())
        .isEqualTo(SwfBindingModule.withSyncClient(ReporterOptions.defaults()))
        .hasSameHashCodeAs(SwfBindingModule.withSyncClient(ReporterOptions.defaults()));
    assertThat(SwfBindingModule.withAsyncClient())
        .isEqualTo(SwfBindingModule.withAsyncClient(ReporterOptions.defaults()));
    assertThat(SwfBindingModule.withSyncClient().hashCode())
        .isNotEqualTo(SwfBindingModule.withAsyncClient().hashCode());
    assertThat(SwfBindingModule.withSyncClient().toString())
        .startsWith("SwfBindingModule[client=SwfClient, ");
    assertThat(SwfBindingModule.withAsyncClient().toString())
        .startsWith("SwfBindingModule[client=SwfAsyncClient, ");
  }
}
