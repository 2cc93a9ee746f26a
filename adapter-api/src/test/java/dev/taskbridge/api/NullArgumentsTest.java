package dev.taskbridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.taskbridge.api.internal.Refusals;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Every public method and constructor of the public API, called with null for each parameter not
 * marked {@code @Nullable}, throws a {@code NullPointerException} naming that parameter (as {@code
 * Objects.requireNonNull(x, "x")} does), never a bare one from deep inside.
 */
class NullArgumentsTest {

  private static final TaskToken TOKEN = TaskToken.of("tok-12345678");

  /** A reporter that accepts everything. */
  private static final TaskFailureReporter REPORTER =
      new TaskFailureReporter() {
        @Override
        public Backend backend() {
          return Backend.SFN;
        }

        @Override
        public void report(TaskToken token, TaskFailure failure) {}

        @Override
        public CompletableFuture<Void> reportAsync(TaskToken token, TaskFailure failure) {
          return CompletableFuture.completedFuture(null);
        }
      };

  private static final ReportDiagnostics DIAGNOSTICS =
      Refusals.diagnostics(null, 0, null, null, null, 1, false);

  /** A value of each parameter type the public API takes. */
  private static final Map<Class<?>, Object> SAMPLES = samples();

  private static Map<Class<?>, Object> samples() {
    Map<Class<?>, Object> m = new LinkedHashMap<>();
    m.put(String.class, "x-value");
    m.put(TaskSource.class, TaskSource.sfnActivity("arn:aws:states:us-east-1:1:activity:a"));
    m.put(int.class, 1);
    m.put(long.class, 1L);
    m.put(boolean.class, false);
    m.put(Duration.class, Duration.ofSeconds(1));
    m.put(Backend.class, Backend.SFN);
    m.put(FieldPolicy.class, FieldPolicy.TRUNCATE);
    m.put(ReportOutcome.class, ReportOutcome.REJECTED);
    m.put(TaskToken.class, TOKEN);
    m.put(TaskFailure.class, TaskFailure.of("E.x", "cause"));
    m.put(ReporterOptions.class, ReporterOptions.defaults());
    m.put(ReportDiagnostics.class, DIAGNOSTICS);
    m.put(Throwable.class, new IllegalStateException("boom"));
    m.put(TaskFailureReporter.class, REPORTER);
    m.put(TaskFailureReporter[].class, new TaskFailureReporter[] {REPORTER});
    m.put(Map.class, Map.of(Backend.SFN, REPORTER));
    m.put(Iterable.class, List.of(REPORTER));
    m.put(java.util.Collection.class, List.of(REPORTER));
    m.put(Object.class, "x-value");
    return m;
  }

  /** An instance to call each class's instance methods on. */
  private static final Map<Class<?>, Object> RECEIVERS =
      Map.of(
          TaskToken.class, TOKEN,
          TaskFailure.class, TaskFailure.of("E.x", "cause"),
          ReporterOptions.class, ReporterOptions.defaults(),
          ReporterOptions.Builder.class, ReporterOptions.builder(),
          FailureConverter.class, FailureConverter.defaults(),
          FailureConverter.Builder.class, FailureConverter.builder(),
          ReportDiagnostics.class, DIAGNOSTICS,
          TaskReportException.class,
              Refusals.report(
                  ReportOutcome.REJECTED,
                  Backend.SFN,
                  TOKEN,
                  TaskFailure.of(null, null),
                  DIAGNOSTICS,
                  null),
          RoutingReporter.class,
              TaskFailureReporters.routing(Map.of(Backend.SFN, REPORTER), Backend.SFN));

  private static final List<Class<?>> API =
      List.of(
          TaskToken.class,
          TaskFailure.class,
          TaskFailureReporters.class,
          RoutingReporter.class,
          ReporterOptions.class,
          ReporterOptions.Builder.class,
          FailureConverter.class,
          FailureConverter.Builder.class,
          ReportDiagnostics.class,
          TaskReportException.class,
          Backend.class,
          FieldPolicy.class,
          ReportOutcome.class,
          TaskSource.class,
          ActivityTask.class,
          ActivityTask.ActivityType.class,
          ActivityTask.WorkflowExecution.class);

  @Test
  void everyNonNullableParameter_givesANullPointerExceptionNamingIt() throws Exception {
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    for (Class<?> type : API) {
      List<Executable> all = new ArrayList<>(List.of(type.getConstructors()));
      all.addAll(List.of(type.getMethods()));
      for (Executable x : all) {
        if (x.getDeclaringClass() == Object.class
            || x.getDeclaringClass() == Enum.class
            || x.getDeclaringClass() == Throwable.class
            || x.getDeclaringClass() == Record.class
            || x.isSynthetic()
            || (x instanceof Method mm && mm.getName().equals("equals"))
            // The JDK's own Enum.valueOf says "Name is null".
            || (type.isEnum() && x.getName().equals("valueOf"))) {
          continue;
        }
        Parameter[] ps = x.getParameters();
        for (int i = 0; i < ps.length; i++) {
          if (ps[i].getType().isPrimitive() || nullable(ps[i].getAnnotatedType())) {
            continue;
          }
          @Nullable Object[] args = new Object[ps.length];
          boolean known = true;
          for (int j = 0; j < ps.length; j++) {
            if (j != i) {
              args[j] = SAMPLES.get(ps[j].getType());
              known &= args[j] != null;
            }
          }
          if (!known) {
            wrong.add(x + ": no sample for a parameter type");
            continue;
          }
          Throwable thrown = invoke(type, x, args);
          checked++;
          if (!(thrown instanceof NullPointerException)
              || !ps[i].getName().equals(thrown.getMessage())) {
            wrong.add(x + " with null " + ps[i].getName() + ": " + thrown);
          }
        }
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(checked).isGreaterThan(15);
  }

  private static boolean nullable(AnnotatedType t) {
    return t.isAnnotationPresent(Nullable.class);
  }

  private static @Nullable Throwable invoke(Class<?> type, Executable x, @Nullable Object[] args)
      throws IllegalAccessException, InstantiationException {
    try {
      if (x instanceof Constructor<?> c) {
        c.newInstance(args);
      } else {
        Method m = (Method) x;
        Object receiver = Modifier.isStatic(m.getModifiers()) ? null : RECEIVERS.get(type);
        if (!Modifier.isStatic(m.getModifiers()) && receiver == null) {
          if (type.isEnum()) {
            receiver = type.getEnumConstants()[0];
          } else {
            throw new AssertionError("no instance of " + type);
          }
        }
        m.invoke(receiver, args);
      }
      return null;
    } catch (InvocationTargetException e) {
      return e.getCause();
    }
  }

  @Test
  @SuppressWarnings("NullAway") // the point of the test
  void aCheckedParameter_isNamed() {
    Throwable thrown = catchThrowable(() -> TaskFailureReporters.routing(null, Backend.SFN));
    assertThat(thrown).isInstanceOf(NullPointerException.class).hasMessage("reporters");
  }
}
