package dev.taskbridge.emulator.internal.asl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AslErrorTest {

  @Test
  void theMessageAndToString_withholdTheErrorAndTheCause() {
    AslError e = new AslError("Customer.jane@example.com", "card 4111 1111 1111 1111", true);

    assertThat(e.getMessage()).doesNotContain("jane", "4111");
    assertThat(e.toString()).doesNotContain("jane", "4111");
    assertThat(e.error).isEqualTo("Customer.jane@example.com");
    assertThat(e.cause).isEqualTo("card 4111 1111 1111 1111");
    assertThat(e.heartbeat).isTrue();
  }
}
