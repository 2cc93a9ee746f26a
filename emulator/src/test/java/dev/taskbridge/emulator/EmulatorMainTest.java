package dev.taskbridge.emulator;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.api.Test;

/** The standalone entry point's argument handling (serving is covered by LocalBackend tests). */
class EmulatorMainTest {
  @Test
  void help_printsUsageAndReturns() {
    assertThatCode(() -> EmulatorMain.main(new String[] {"--help"})).doesNotThrowAnyException();
  }
}
