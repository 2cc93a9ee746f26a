package dev.taskbridge.benchmarks;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.TaskClient;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskFailureReporter;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.sfn.SfnTaskClient;
import dev.taskbridge.sfn.SfnTaskFailureReporter;
import dev.taskbridge.swf.SwfTaskClient;
import dev.taskbridge.swf.SwfTaskFailureReporter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.SendTaskFailureRequest;
import software.amazon.awssdk.services.sfn.model.SendTaskFailureResponse;
import software.amazon.awssdk.services.sfn.model.SendTaskSuccessRequest;
import software.amazon.awssdk.services.sfn.model.SendTaskSuccessResponse;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.services.swf.model.RespondActivityTaskCompletedRequest;
import software.amazon.awssdk.services.swf.model.RespondActivityTaskCompletedResponse;
import software.amazon.awssdk.services.swf.model.RespondActivityTaskFailedRequest;
import software.amazon.awssdk.services.swf.model.RespondActivityTaskFailedResponse;

/**
 * Per-call overhead: {@code report} (through each binding's reporter) and {@code succeed} (through
 * each binding's {@link TaskClient}) versus the raw SDK call on the same client, both over {@link
 * InProcessHttpClient} (200 without I/O), so the difference is the adapter alone. Both sides build
 * their request objects per call from the same strings, as a worker would; {@code succeed}'s output
 * is the same ~2 KB JSON as {@code report}'s cause.
 *
 * <p>Measured with two client configurations ({@link #clientApiCallTimeout}): the SDK default (no
 * API call timeout of its own, so the adapter carries its deadline on each request and the SDK
 * tracks it, which the raw call does not), and a client built with an API call timeout equal to the
 * adapter's deadline (then both sides are bounded alike and the adapter adds no override).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@SuppressWarnings("NullAway.Init") // fields are set in @Setup, before any benchmark method runs
public class OverheadBenchmark {

  /** The adapter's default deadline, which it passes on as each attempt's API call timeout. */
  static final Duration DEADLINE = Duration.ofSeconds(30);

  /** The same override, built once. */
  static final AwsRequestOverrideConfiguration SHARED_OVERRIDE =
      AwsRequestOverrideConfiguration.builder().apiCallTimeout(DEADLINE).build();

  /**
   * The clients' own API call timeout: {@code none} (the SDK default) or the adapter's deadline.
   */
  @Param({"none", "deadline"})
  public String clientApiCallTimeout = "none";

  SfnClient sfn;
  SwfClient swf;
  TaskFailureReporter sfnReporter;
  TaskFailureReporter swfReporter;
  TaskClient sfnClient;
  TaskClient swfClient;
  String token;
  String error;
  String cause;

  /** Builds the clients and reporters once per fork. */
  @Setup(Level.Trial)
  public void setUp() {
    Duration own =
        switch (clientApiCallTimeout) {
          case "none" -> null;
          case "deadline" -> DEADLINE;
          default -> throw new IllegalArgumentException(clientApiCallTimeout);
        };
    sfn =
        Clients.sfn(
            Clients.UNUSED_ENDPOINT,
            new InProcessHttpClient("{}".getBytes(StandardCharsets.UTF_8)),
            own);
    swf = Clients.swf(Clients.UNUSED_ENDPOINT, new InProcessHttpClient(new byte[0]), own);
    sfnReporter = SfnTaskFailureReporter.create(sfn);
    swfReporter = SwfTaskFailureReporter.create(swf);
    sfnClient = SfnTaskClient.create(sfn);
    swfClient = SwfTaskClient.create(swf);
    token = Payloads.TOKEN;
    error = Payloads.ERROR;
    cause = Payloads.CAUSE;
  }

  /** Closes the clients. */
  @TearDown(Level.Trial)
  public void tearDown() {
    sfn.close();
    swf.close();
  }

  /** {@code SfnClient.sendTaskFailure}, request built per call. */
  @Benchmark
  public SendTaskFailureResponse sfnRaw() {
    return sfn.sendTaskFailure(
        SendTaskFailureRequest.builder().taskToken(token).error(error).cause(cause).build());
  }

  /**
   * Diagnostic, not a target: the raw call plus the one override configuration (the deadline as API
   * call timeout) that the adapter shares across first attempts when the client has no API call
   * timeout of its own; isolates what the SDK's timeout tracking costs.
   */
  @Benchmark
  public SendTaskFailureResponse sfnRawWithSharedApiCallTimeout() {
    return sfn.sendTaskFailure(
        SendTaskFailureRequest.builder()
            .taskToken(token)
            .error(error)
            .cause(cause)
            .overrideConfiguration(SHARED_OVERRIDE)
            .build());
  }

  /** {@code report} through the Step Functions binding, token and failure built per call. */
  @Benchmark
  public void sfnAdapter() {
    sfnReporter.report(TaskToken.of(Backend.SFN, token), TaskFailure.of(error, cause));
  }

  /** {@code SwfClient.respondActivityTaskFailed}, request built per call. */
  @Benchmark
  public RespondActivityTaskFailedResponse swfRaw() {
    return swf.respondActivityTaskFailed(
        RespondActivityTaskFailedRequest.builder()
            .taskToken(token)
            .reason(error)
            .details(cause)
            .build());
  }

  /** Diagnostic: the raw SWF call with one shared override configuration (timeout only). */
  @Benchmark
  public RespondActivityTaskFailedResponse swfRawWithSharedApiCallTimeout() {
    return swf.respondActivityTaskFailed(
        RespondActivityTaskFailedRequest.builder()
            .taskToken(token)
            .reason(error)
            .details(cause)
            .overrideConfiguration(SHARED_OVERRIDE)
            .build());
  }

  /** {@code report} through the SWF binding, token and failure built per call. */
  @Benchmark
  public void swfAdapter() {
    swfReporter.report(TaskToken.of(Backend.SWF, token), TaskFailure.of(error, cause));
  }

  /** {@code SfnClient.sendTaskSuccess}, request built per call. */
  @Benchmark
  public SendTaskSuccessResponse sfnSucceedRaw() {
    return sfn.sendTaskSuccess(
        SendTaskSuccessRequest.builder().taskToken(token).output(cause).build());
  }

  /** {@code succeed} through the Step Functions binding's task client, token built per call. */
  @Benchmark
  public void sfnSucceedAdapter() {
    sfnClient.succeed(TaskToken.of(Backend.SFN, token), cause);
  }

  /** {@code SwfClient.respondActivityTaskCompleted}, request built per call. */
  @Benchmark
  public RespondActivityTaskCompletedResponse swfSucceedRaw() {
    return swf.respondActivityTaskCompleted(
        RespondActivityTaskCompletedRequest.builder().taskToken(token).result(cause).build());
  }

  /** {@code succeed} through the SWF binding's task client, token built per call. */
  @Benchmark
  public void swfSucceedAdapter() {
    swfClient.succeed(TaskToken.of(Backend.SWF, token), cause);
  }
}
