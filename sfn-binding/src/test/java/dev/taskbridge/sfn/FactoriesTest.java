package dev.taskbridge.sfn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.contract.TestClients;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnAsyncClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/** The no-options factories and the module's value semantics (found by mutation testing). */
class FactoriesTest {

  private static final URI NOWHERE = URI.create("http://127.0.0.1:9");

  @Test
  void create_withoutOptions_usesDefaults() {
    try (SfnClient sync =
            TestClients.local(SfnClient.builder(), NOWHERE, false)
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
        SfnAsyncClient async =
            TestClients.local(SfnAsyncClient.builder(), NOWHERE, false)
                .httpClientBuilder(TestClients.netty())
                .build()) {
      assertThat(SfnTaskFailureReporter.create(sync).backend()).isEqualTo(Backend.SFN);
      assertThat(SfnTaskFailureReporter.create(sync).toString())
          .contains(ReporterOptions.defaults().toString());
      assertThat(SfnTaskFailureReporter.create(async).backend()).isEqualTo(Backend.SFN);
      assertThat(SfnTaskFailureReporter.create(async).toString())
          .contains("SfnAsyncClient", ReporterOptions.defaults().toString());
    }
  }

  @Test
  void module_valueSemantics_andDescription() {
    assertThat(SfnBindingModule.withSyncClient())
        .isEqualTo(SfnBindingModule.withSyncClient(ReporterOptions.defaults()))
        .hasSameHashCodeAs(SfnBindingModule.withSyncClient(ReporterOptions.defaults()));
    assertThat(SfnBindingModule.withAsyncClient())
        .isEqualTo(SfnBindingModule.withAsyncClient(ReporterOptions.defaults()));
    assertThat(SfnBindingModule.withSyncClient().hashCode())
        .isNotEqualTo(SfnBindingModule.withAsyncClient().hashCode());
    assertThat(SfnBindingModule.withSyncClient().toString())
        .startsWith("SfnBindingModule[client=SfnClient, ");
    assertThat(SfnBindingModule.withAsyncClient().toString())
        .startsWith("SfnBindingModule[client=SfnAsyncClient, ");
  }
}
