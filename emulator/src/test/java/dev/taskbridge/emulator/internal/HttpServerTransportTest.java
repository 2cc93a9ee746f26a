package dev.taskbridge.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.Test;

class HttpServerTransportTest {

  @Test
  void onLinuxX86_64_theServerRunsOnEpoll() {
    String os = System.getProperty("os.name", "");
    String arch = System.getProperty("os.arch", "");
    assumeTrue(
        os.startsWith("Linux") && (arch.equals("amd64") || arch.equals("x86_64")),
        "the epoll transport ships for linux-x86_64 only; this is " + os + " " + arch);
    assertThat(HttpServer.nativeTransport())
        .as("epoll unavailable: %s", Epoll.unavailabilityCause())
        .isTrue();
  }
}
