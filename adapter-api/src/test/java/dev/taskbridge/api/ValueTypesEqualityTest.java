package dev.taskbridge.api;

import nl.jqno.equalsverifier.EqualsVerifier;
import nl.jqno.equalsverifier.Warning;
import org.junit.jupiter.api.Test;

/**
 * {@code equals} and {@code hashCode} of every public value type, checked mechanically by
 * EqualsVerifier (symmetry, transitivity, consistency with {@code hashCode}, every significant
 * field used) rather than by hand-picked pairs.
 */
class ValueTypesEqualityTest {

  @Test
  void taskToken_isEqualByValueAndIssuer_notByItsCachedFingerprint() {
    EqualsVerifier.forClass(TaskToken.class)
        .withIgnoredFields("fingerprint")
        .suppress(Warning.NULL_FIELDS)
        .verify();
  }

  @Test
  void taskSource_isEqualByBackendAndAddress() {
    EqualsVerifier.forClass(TaskSource.class).suppress(Warning.NULL_FIELDS).verify();
  }

  @Test
  void activityTask_isEqualByEveryField() {
    EqualsVerifier.forClass(ActivityTask.class).suppress(Warning.NULL_FIELDS).verify();
  }

  @Test
  void activityTaskRecords_areEqualByEveryComponent() {
    EqualsVerifier.forClass(ActivityTask.ActivityType.class).verify();
    EqualsVerifier.forClass(ActivityTask.WorkflowExecution.class).verify();
  }

  @Test
  void taskFailure_isEqualByErrorAndCause() {
    EqualsVerifier.forClass(TaskFailure.class).verify();
  }

  @Test
  void heartbeatAnswer_isEqualByCancelRequested() {
    EqualsVerifier.forClass(HeartbeatAnswer.class).verify();
  }

  @Test
  void reporterOptions_isEqualByEverySetting() {
    EqualsVerifier.forClass(ReporterOptions.class).suppress(Warning.NULL_FIELDS).verify();
  }

  @Test
  void reportDiagnostics_isEqualByEveryField() {
    EqualsVerifier.forClass(ReportDiagnostics.class).verify();
  }
}
