package dev.taskbridge.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HandlerOptionsTest {

  @Test
  void defaults_haveNoHeartbeatTimeoutAndTwoPollers() {
    assertThat(HandlerOptions.defaults().heartbeatTimeout()).isEmpty();
    assertThat(HandlerOptions.defaults().heartbeatInterval()).isNull();
    assertThat(HandlerOptions.defaults().pollers()).isEqualTo(HandlerOptions.DEFAULT_POLLERS);
  }

  @Test
  void withHeartbeatTimeout_derivesAnIntervalOfAThird() {
    HandlerOptions o = HandlerOptions.defaults().withHeartbeatTimeout(Duration.ofSeconds(30));
    assertThat(o.heartbeatTimeout()).contains(Duration.ofSeconds(30));
    assertThat(o.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(o.withPollers(4).heartbeatTimeout()).contains(Duration.ofSeconds(30));
  }

  @Test
  void with_refusesValuesOutOfRange_namingTheField() {
    assertThatThrownBy(() -> HandlerOptions.defaults().withHeartbeatTimeout(Duration.ofMillis(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("heartbeatTimeout must be at least 3 ms");
    assertThatThrownBy(() -> HandlerOptions.defaults().withPollers(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pollers must be 1 to 256, was 0");
  }

  @Test
  void equals_comparesBothSettings() {
    HandlerOptions a = HandlerOptions.defaults().withHeartbeatTimeout(Duration.ofSeconds(3));
    HandlerOptions b = HandlerOptions.defaults().withHeartbeatTimeout(Duration.ofSeconds(3));
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(a.withPollers(3));
    assertThat(a).isNotEqualTo(HandlerOptions.defaults());
    assertThat(a.toString()).contains("heartbeatTimeout=PT3S").contains("pollers=2");
  }
}
