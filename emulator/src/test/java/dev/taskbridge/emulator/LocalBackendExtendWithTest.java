package dev.taskbridge.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The extension with its default configuration, through @ExtendWith. */
@ExtendWith(LocalBackendExtension.class)
class LocalBackendExtendWithTest {

  @Test
  void startsABackendOnAnOffsetSystemClock(LocalBackend backend, Faults faults) {
    assertThat(backend.clock()).isInstanceOf(OffsetClock.class);
    assertThat(backend.endpoint().getHost()).isEqualTo("127.0.0.1");
    assertThat(faults).isSameAs(backend.faults());
  }
}
