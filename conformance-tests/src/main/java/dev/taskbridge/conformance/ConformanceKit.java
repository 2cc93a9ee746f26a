package dev.taskbridge.conformance;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.api.TaskFailureReporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Runs the conformance scenarios against a {@link Target} with the reporters of a {@link
 * ReporterFactory}, and returns the {@link Matrix}.
 *
 * <pre>{@code
 * try (Target target = Targets.embeddedEmulator()) {
 *   Matrix matrix = ConformanceKit.builder().target(target).build().run();
 *   System.out.println(matrix.toText());
 * }
 * }</pre>
 */
public final class ConformanceKit {

  /** The SWF domain the kit registers once and reuses, unless {@link Builder#swfDomain} says. */
  public static final String DEFAULT_SWF_DOMAIN = "taskbridge-conformance";

  /** SWF's limit on a domain name (RegisterDomain {@code name}, 1 to 256). */
  private static final int MAX_SWF_DOMAIN_LENGTH = 256;

  private final Target target;
  private final ReporterFactory reporters;
  private final ConformanceListener listener;
  private final Set<Rule> rules;
  private final Set<Backend> backends;
  private final String swfDomain;

  private ConformanceKit(Builder b) {
    this.target = Objects.requireNonNull(b.target, "target");
    this.reporters = b.reporters;
    this.listener = b.listener;
    this.rules = b.rules;
    this.backends = b.backends;
    this.swfDomain = b.swfDomain;
  }

  /** A builder; only {@link Builder#target} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Runs every selected rule on every selected backend, in order; never throws for a failure. */
  public Matrix run() {
    List<Result> results = new ArrayList<>();
    Map<Backend, String> unreachable = new EnumMap<>(Backend.class);
    String runId = UUID.randomUUID().toString().substring(0, 8);
    try (SdkHttpClient http = UrlConnectionHttpClient.builder().build()) {
      for (Backend backend : backends) {
        runBackend(backend, runId, http, results, unreachable);
      }
    }
    return new Matrix(target.name(), reporters.name(), results, unreachable);
  }

  private void runBackend(
      Backend backend,
      String runId,
      SdkHttpClient http,
      List<Result> out,
      Map<Backend, String> unreachable) {
    String operation = backend == Backend.SFN ? "SendTaskFailure" : "RespondActivityTaskFailed";
    AttemptCounter counter = new AttemptCounter(operation);
    String wireOperation =
        backend == Backend.SFN
            ? "AWSStepFunctions.SendTaskFailure"
            : "SimpleWorkflowService.RespondActivityTaskFailed";
    SdkAutoCloseable client;
    BackendDriver driver;
    Function<ReporterOptions, TaskFailureReporter> factory;
    if (backend == Backend.SFN) {
      SfnClient sfn = TargetClients.sfn(target, http, List.of(counter));
      client = sfn;
      driver = new SfnDriver(sfn, target.sfnRoleArn(), runId);
      factory = options -> reporters.sfn(sfn, options);
    } else {
      SwfClient swf = TargetClients.swf(target, http, List.of(counter));
      client = swf;
      driver = new SwfDriver(swf, swfDomain, runId);
      factory = options -> reporters.swf(swf, options);
    }
    try {
      String notReady = prepare(driver, counter);
      if (notReady != null) {
        String reason = backend.displayName() + " at " + target.endpoint(backend) + ": " + notReady;
        unreachable.put(backend, reason);
        listener.unreachable(backend, reason);
        for (Rule rule : rules) {
          out.add(
              new Result(
                  rule,
                  backend,
                  Result.Status.ERROR,
                  prefix(rule, backend) + "no scenario could run: " + reason,
                  null,
                  Duration.ZERO));
        }
        return;
      }
      for (Rule rule : rules) {
        listener.started(rule, backend);
        ScenarioContext context =
            new ScenarioContext(
                backend,
                target.name(),
                driver,
                counter,
                wireOperation,
                factory,
                target.capabilities(),
                target.control().orElse(null));
        Result result = runOne(rule, context);
        out.add(result);
        listener.finished(result);
      }
    } finally {
      driver.close();
      client.close();
    }
  }

  /** Null when the backend is ready, else why not. */
  private static @Nullable String prepare(BackendDriver driver, AttemptCounter counter) {
    try {
      driver.prepare();
      return null;
    } catch (RuntimeException e) {
      return CouldNotRun.describe(e, counter.lastOperation());
    }
  }

  private String prefix(Rule rule, Backend backend) {
    return "[" + target.name() + "/" + backend + "] " + rule + ": ";
  }

  private Result runOne(Rule rule, ScenarioContext context) {
    long start = System.nanoTime();
    Result.Status status;
    String detail;
    try {
      Scenarios.run(rule, context);
      status = Result.Status.PASS;
      detail = "";
    } catch (ScenarioSkipped skip) {
      status = Result.Status.SKIP;
      detail = String.valueOf(skip.getMessage());
    } catch (AssertionError e) {
      status = Result.Status.FAIL;
      detail = String.valueOf(e.getMessage());
    } catch (RuntimeException e) {
      // Not the reporter's answer (scenarios catch every exception of the reporter under test and
      // judge it): a set-up or read-back call failed, so nothing was decided about the rule.
      status = Result.Status.ERROR;
      detail =
          "scenario could not run: " + CouldNotRun.describe(e, context.attempts.lastOperation());
    } finally {
      target.control().ifPresent(TargetControl::clearFaults);
    }
    if (status == Result.Status.FAIL || status == Result.Status.ERROR) {
      detail = prefix(rule, context.backend) + detail;
    }
    return new Result(
        rule,
        context.backend,
        status,
        detail,
        context.wireCode,
        Duration.ofNanos(System.nanoTime() - start));
  }

  /** Builds a {@link ConformanceKit}. */
  public static final class Builder {
    private @Nullable Target target;
    private ReporterFactory reporters = ReporterFactory.taskbridge();
    private ConformanceListener listener = ConformanceListener.silent();
    private Set<Rule> rules = EnumSet.allOf(Rule.class);
    private Set<Backend> backends = EnumSet.allOf(Backend.class);
    private String swfDomain = DEFAULT_SWF_DOMAIN;

    private Builder() {}

    /** The target to run against (required). */
    public Builder target(Target target) {
      this.target = Objects.requireNonNull(target, "target");
      return this;
    }

    /** The reporters under test; default taskbridge's own bindings. */
    public Builder reporters(ReporterFactory reporters) {
      this.reporters = Objects.requireNonNull(reporters, "reporters");
      return this;
    }

    /** Hears progress; default silent. */
    public Builder listener(ConformanceListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /** Runs only these rules; default all. */
    public Builder rules(Set<Rule> rules) {
      this.rules = EnumSet.copyOf(rules);
      return this;
    }

    /** Runs only these backends; default both. */
    public Builder backends(Set<Backend> backends) {
      this.backends = EnumSet.copyOf(backends);
      return this;
    }

    /**
     * The SWF domain the scenarios use; default {@value ConformanceKit#DEFAULT_SWF_DOMAIN}. It is
     * registered only if absent and reused by every run (SWF domains cannot be deleted and an
     * account holds at most 100); each run's workflow ids and task lists are its own.
     *
     * @throws IllegalArgumentException if the name breaks SWF's rules for a domain name
     */
    public Builder swfDomain(String name) {
      Objects.requireNonNull(name, "swfDomain");
      if (name.isEmpty() || name.length() > MAX_SWF_DOMAIN_LENGTH) {
        throw new IllegalArgumentException(
            "swfDomain must be 1 to "
                + MAX_SWF_DOMAIN_LENGTH
                + " characters, was "
                + name.length());
      }
      if (Character.isWhitespace(name.charAt(0))
          || Character.isWhitespace(name.charAt(name.length() - 1))) {
        throw new IllegalArgumentException("swfDomain must not start or end with whitespace");
      }
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (c <= 0x1f || (c >= 0x7f && c <= 0x9f) || c == ':' || c == '/' || c == '|') {
          throw new IllegalArgumentException(
              "swfDomain must not contain ':', '/', '|' or a control character (index " + i + ")");
        }
      }
      if (name.equals("arn")) {
        throw new IllegalArgumentException("swfDomain must not be the literal string 'arn'");
      }
      this.swfDomain = name;
      return this;
    }

    /** The kit. */
    public ConformanceKit build() {
      return new ConformanceKit(this);
    }
  }
}
