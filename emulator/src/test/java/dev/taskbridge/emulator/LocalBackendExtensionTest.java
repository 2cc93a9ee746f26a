package dev.taskbridge.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sfn.SfnClient;

/** The JUnit 5 extension: one backend per class, injectable parameters, faults cleared per test. */
class LocalBackendExtensionTest {

  @RegisterExtension
  static final LocalBackendExtension EMULATOR =
      LocalBackendExtension.configured(
          b -> b.clock(new ManualClock()).pollMaxWait(Duration.ofMillis(100)));

  @Test
  void injectsBackendFaultsAndClock(LocalBackend backend, Faults faults, ManualClock clock) {
    assertThat(backend).isSameAs(EMULATOR.backend());
    assertThat(faults).isSameAs(backend.faults());
    assertThat(clock).isSameAs(backend.clock());
    try (SfnClient sfn = TestClients.sfn(backend.endpoint())) {
      assertThat(sfn.createActivity(b -> b.name("from-extension")).activityArn()).isNotEmpty();
    }
    faults.next(100, Faults.ANY, Fault.internalFailure());
  }

  @Test
  void faultsAreClearedBeforeEachTest(LocalBackend backend) {
    assertThat(backend.faults().rules()).isEmpty();
  }
}
