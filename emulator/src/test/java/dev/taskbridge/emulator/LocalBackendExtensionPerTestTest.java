package dev.taskbridge.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Registered on an instance field, the extension runs (and stops) one backend per test. */
class LocalBackendExtensionPerTestTest {
  static final java.util.List<LocalBackend> SEEN = new java.util.ArrayList<>();

  @RegisterExtension final LocalBackendExtension emulator = new LocalBackendExtension();

  @Test
  void first(LocalBackend backend) {
    SEEN.add(backend);
    assertThat(emulator.backend()).isSameAs(backend);
  }

  @Test
  void second(LocalBackend backend) {
    SEEN.add(backend);
  }

  @AfterAll
  static void eachTestHadItsOwnBackend_andAllAreClosed() throws Exception {
    assertThat(SEEN).hasSize(2).doesNotHaveDuplicates();
    for (LocalBackend b : SEEN) {
      URI e = b.endpoint();
      try (java.net.ServerSocket s =
          new java.net.ServerSocket(e.getPort(), 1, java.net.InetAddress.getLoopbackAddress())) {
        assertThat(s.getLocalPort()).isEqualTo(e.getPort());
      }
    }
  }
}
