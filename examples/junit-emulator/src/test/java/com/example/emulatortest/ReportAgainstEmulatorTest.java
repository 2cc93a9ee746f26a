package com.example.emulatortest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskGoneException;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.emulator.Fault;
import dev.taskbridge.emulator.Faults;
import dev.taskbridge.emulator.LocalBackend;
import dev.taskbridge.emulator.LocalBackendExtension;
import dev.taskbridge.emulator.ManualClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The emulator's JUnit 5 extension: one emulator for the class, on a clock only the test moves,
 * with faults it injects; every test runs on Step Functions and on SWF.
 */
class ReportAgainstEmulatorTest {

  @RegisterExtension
  static final LocalBackendExtension EMULATOR =
      LocalBackendExtension.configured(
          b -> b.clock(new ManualClock()).pollMaxWait(Duration.ofSeconds(5)));

  private static TwoBackends clients;

  @BeforeAll
  static void clients() {
    clients = new TwoBackends(EMULATOR.backend());
  }

  @AfterAll
  static void close() {
    clients.close();
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void reportAfterTheHeartbeatTimeoutFindsTheTaskGone(Backend kind, ManualClock clock) {
    TaskToken token = clients.openTask(kind, 10);

    clock.advance(Duration.ofSeconds(11)); // no sleeping: the timeout has fired when this returns

    TaskGoneException gone =
        assertThrows(
            TaskGoneException.class,
            () -> clients.reporter(kind).report(token, TaskFailure.of("Late", null)));
    assertEquals(kind, gone.backend());
    assertFalse(gone.mayHaveLanded());
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void throttledReportIsSentAgainAndLands(Backend kind, LocalBackend backend, Faults faults) {
    TaskToken token = clients.openTask(kind, 600);
    String operation = TwoBackends.reportOperation(kind);
    long before = backend.requestCount(operation);
    faults.next(2, operation, Fault.throttling());

    clients.reporter(kind).report(token, TaskFailure.of("Busy", "{\"attempt\":\"any\"}"));

    assertEquals(3, backend.requestCount(operation) - before, "two throttled, the third lands");
  }
}
