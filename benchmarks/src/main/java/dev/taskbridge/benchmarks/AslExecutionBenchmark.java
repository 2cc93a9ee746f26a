package dev.taskbridge.benchmarks;

import dev.taskbridge.emulator.LocalBackend;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * The cost of one execution of a 10-state machine whose Map runs over 100 items, on the emulator in
 * this JVM over loopback, through a real blocking SDK client: {@code StartExecution}, then {@code
 * DescribeExecution} until the execution is no longer {@code RUNNING} (it never waits on the clock:
 * no Task, no Wait). Sample-time mode, so the table shows the median and p99.
 *
 * <p>The machine ({@link #DEFINITION}): Pass (Parameters with {@code States.ArrayRange} making the
 * 100 items), Choice ({@code IsPresent}), Map ({@code ItemSelector} from {@code $$.Map.Item.*},
 * {@code MaxConcurrency} 10) whose iterator is Pass ({@code States.MathAdd}), Choice ({@code
 * NumericGreaterThan}), Pass / Pass; then Pass ({@code States.ArrayLength}, {@code ResultPath}),
 * Succeed, and a Fail on the Choice's default branch. Every execution must succeed, with the
 * expected output, or the benchmark fails.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@SuppressWarnings("NullAway.Init") // fields are set in @Setup, before any benchmark method runs
public class AslExecutionBenchmark {

  static final String DEFINITION =
      """
      {
        "StartAt": "Prepare",
        "States": {
          "Prepare": {
            "Type": "Pass",
            "Parameters": {"items.$": "States.ArrayRange(1, 100, 1)", "label.$": "$.label"},
            "Next": "HasItems"
          },
          "HasItems": {
            "Type": "Choice",
            "Choices": [{"Variable": "$.items[0]", "IsPresent": true, "Next": "Each"}],
            "Default": "Empty"
          },
          "Each": {
            "Type": "Map",
            "ItemsPath": "$.items",
            "MaxConcurrency": 10,
            "ItemSelector": {"n.$": "$$.Map.Item.Value", "i.$": "$$.Map.Item.Index"},
            "ItemProcessor": {
              "ProcessorConfig": {"Mode": "INLINE"},
              "StartAt": "Add",
              "States": {
                "Add": {
                  "Type": "Pass",
                  "Parameters": {"n.$": "States.MathAdd($.n, $.i)"},
                  "Next": "IsBig"
                },
                "IsBig": {
                  "Type": "Choice",
                  "Choices": [{"Variable": "$.n", "NumericGreaterThan": 100, "Next": "Big"}],
                  "Default": "Small"
                },
                "Big": {"Type": "Pass", "Result": "big", "End": true},
                "Small": {"Type": "Pass", "Result": "small", "End": true}
              }
            },
            "ResultPath": "$.sizes",
            "Next": "Count"
          },
          "Count": {
            "Type": "Pass",
            "Parameters": {"count.$": "States.ArrayLength($.sizes)", "first.$": "$.sizes[0]"},
            "Next": "Done"
          },
          "Done": {"Type": "Succeed"},
          "Empty": {"Type": "Fail", "Error": "Empty", "Cause": "no items"}
        }
      }
      """;

  static final String EXPECTED_OUTPUT = "{\"count\":100,\"first\":\"small\"}";

  LocalBackend emulator;
  SdkHttpClient http;
  SfnClient sfn;
  String stateMachineArn;
  final AtomicLong executions = new AtomicLong();

  /** Starts the emulator and creates the state machine, once. */
  @Setup(Level.Trial)
  public void setUp() {
    emulator = LocalBackend.start();
    http = UrlConnectionHttpClient.create();
    sfn = Clients.sfn(emulator.endpoint(), http);
    stateMachineArn =
        sfn.createStateMachine(
                b ->
                    b.name("asl-benchmark")
                        .definition(DEFINITION)
                        .roleArn("arn:aws:iam::123456789012:role/benchmark"))
            .stateMachineArn();
  }

  /** Closes the client and the emulator. */
  @TearDown(Level.Trial)
  public void tearDown() {
    sfn.close();
    http.close();
    emulator.close();
  }

  /** One execution from start to its end, checked. */
  @Benchmark
  public String execution() {
    String name = "run-" + executions.incrementAndGet();
    String arn =
        sfn.startExecution(
                b -> b.stateMachineArn(stateMachineArn).name(name).input("{\"label\":\"x\"}"))
            .executionArn();
    DescribeExecutionResponse d = sfn.describeExecution(b -> b.executionArn(arn));
    for (int i = 0; d.status() == ExecutionStatus.RUNNING; i++) {
      if (i > 10_000) {
        throw new IllegalStateException("execution " + name + " still RUNNING");
      }
      Thread.onSpinWait();
      d = sfn.describeExecution(b -> b.executionArn(arn));
    }
    if (d.status() != ExecutionStatus.SUCCEEDED || !EXPECTED_OUTPUT.equals(d.output())) {
      throw new IllegalStateException(
          "execution " + name + " ended " + d.statusAsString() + " with " + d.error());
    }
    return d.output();
  }
}
