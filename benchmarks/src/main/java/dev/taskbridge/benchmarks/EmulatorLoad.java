package dev.taskbridge.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Emulator throughput: how many {@code SendTaskFailure} / {@code RespondActivityTaskFailed} calls
 * per second the emulator serves, and how that and its heap scale with open tasks.
 *
 * <p>The emulator runs in its own JVM ({@link EmulatorHost}); this process is the load generator,
 * speaking HTTP/1.1 over raw keep-alive sockets ({@link RawHttp}: no SDK, no signing), so that the
 * client's cost is a few microseconds a call. Both share the machine's cores.
 *
 * <p>For each level of background open tasks (SWF tasks, 500 per workflow execution): the live heap
 * after a full GC (so the heap per open task between levels), then {@value #ROUNDS} rounds, each a
 * pool of fresh tasks reported by {@code connections} sockets in parallel (the median round's
 * reports per second, and the emulator host's CPU time per report), then reports one at a time on
 * one socket (median time per call). Step Functions is measured at the first level. Before anything
 * is measured, {@value #WARMUP_ROUNDS} unmeasured rounds of each service let the host's JIT compile
 * the hot paths: with fewer, a single round's figure moved by half from run to run.
 *
 * <p>Arguments: {@code <java> <classpath> <output.json> <pool> <connections> <level>...}; with
 * {@code -Dbench.jfr=<file>} the emulator JVM records a JFR profile there.
 */
final class EmulatorLoad {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Measured rounds per figure; the median is reported. */
  private static final int ROUNDS = 5;

  /** Unmeasured rounds of each service before the first figure. */
  private static final int WARMUP_ROUNDS = 6;

  private final RawTasks tasks;
  private final ProcessHandle host;

  /** One {@link #reportAll}: reports per second, and the emulator host's CPU µs per report. */
  private record Round(double reportsPerSecond, double hostCpuMicrosPerReport) {}

  private EmulatorLoad(URI endpoint, ProcessHandle host) throws IOException {
    this.tasks = new RawTasks(endpoint);
    this.host = host;
  }

  public static void main(String[] args) throws Exception {
    String java = args[0];
    String classpath = args[1];
    Path output = Path.of(args[2]);
    int pool = Integer.parseInt(args[3]);
    int connections = Integer.parseInt(args[4]);
    int[] levels = Arrays.stream(args).skip(5).mapToInt(Integer::parseInt).toArray();

    List<String> hostCommand = new ArrayList<>(List.of(java, "-Xms1g", "-Xmx8g"));
    String jfr = System.getProperty("bench.jfr");
    if (jfr != null) {
      // Evidence for where the emulator's time goes: a JFR recording of the whole run.
      hostCommand.add("-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
    }
    hostCommand.addAll(List.of("-cp", classpath, EmulatorHost.class.getName()));
    Process host =
        new ProcessBuilder(hostCommand).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (BufferedReader hostOut =
            new BufferedReader(
                new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter hostIn =
            new PrintWriter(
                new OutputStreamWriter(host.getOutputStream(), StandardCharsets.UTF_8), true)) {
      String first = hostOut.readLine();
      while (first != null && !first.startsWith("endpoint ") && first.startsWith("[")) {
        first = hostOut.readLine(); // the JVM's own log lines, e.g. JFR's start-up note
      }
      if (first == null || !first.startsWith("endpoint ")) {
        throw new IllegalStateException("emulator host did not start: " + first);
      }
      URI endpoint = URI.create(first.substring("endpoint ".length()));
      EmulatorLoad load = new EmulatorLoad(endpoint, host.toHandle());

      ObjectNode result = JSON.createObjectNode();
      result.put("pool", pool).put("connections", connections);
      ArrayNode rows = result.putArray("levels");
      // Warm the server's code paths up before anything is measured.
      for (int i = 0; i < WARMUP_ROUNDS; i++) {
        load.reportAll(load.tasks.openSwf(Math.min(pool, 20_000)), false, connections);
        load.reportAll(load.tasks.openSfn(Math.min(pool, 10_000)), true, connections);
      }
      for (int level : levels) {
        // Heap before and after opening the background tasks, both after a full GC: what earlier
        // levels left behind (closed tasks' history) is in both figures and cancels out.
        long before = Long.parseLong(ask(hostIn, hostOut, "heap"));
        int open = Integer.parseInt(ask(hostIn, hostOut, "open"));
        int added = Math.max(0, level - open);
        if (added > 0) {
          long t0 = System.nanoTime();
          load.tasks.openSwf(added);
          System.err.printf(
              "opened %,d background tasks in %.1f s%n", added, (System.nanoTime() - t0) / 1e9);
        }
        long heap = Long.parseLong(ask(hostIn, hostOut, "heap"));
        open = Integer.parseInt(ask(hostIn, hostOut, "open"));
        ObjectNode row = rows.addObject();
        row.put("openTasks", open).put("heapBytes", heap).put("addedTasks", added);
        if (added >= 1_000) {
          row.put("heapBytesPerAddedTask", (heap - before) / (double) added);
        }
        load.rounds(row, "swf", false, pool, connections);
        row.put("swfMedianMicros", load.medianMicros(load.tasks.openSwf(2_000), false));
        if (level == levels[0]) {
          load.rounds(row, "sfn", true, pool, connections);
          row.put("sfnMedianMicros", load.medianMicros(load.tasks.openSfn(2_000), true));
        }
        System.err.println("emulator level: " + row);
      }
      Files.writeString(output, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result));
    } finally {
      host.destroy();
      host.waitFor();
    }
  }

  private static String ask(PrintWriter in, BufferedReader out, String command) throws IOException {
    in.println(command);
    String answer = out.readLine();
    if (answer == null || !answer.startsWith(command + " ")) {
      throw new IllegalStateException("emulator host answered " + answer + " to " + command);
    }
    return answer.substring(command.length() + 1);
  }

  private static byte[] reportBody(String token, boolean sfn) {
    ObjectNode body = JSON.createObjectNode().put("taskToken", token);
    body.put(sfn ? "error" : "reason", Payloads.ERROR);
    body.put(sfn ? "cause" : "details", Payloads.CAUSE);
    try {
      return JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String reportTarget(boolean sfn) {
    return sfn
        ? "AWSStepFunctions.SendTaskFailure"
        : "SimpleWorkflowService.RespondActivityTaskFailed";
  }

  /**
   * Measures {@value #ROUNDS} rounds of {@code pool} fresh tasks into {@code row}: {@code
   * <prefix>ReportsPerSecond} and {@code <prefix>HostCpuMicrosPerReport} are the medians over
   * rounds, {@code <prefix>Rounds} every round's pair.
   */
  void rounds(ObjectNode row, String prefix, boolean sfn, int pool, int connections)
      throws IOException, InterruptedException {
    double[] rates = new double[ROUNDS];
    double[] cpu = new double[ROUNDS];
    ArrayNode each = row.putArray(prefix + "Rounds");
    for (int i = 0; i < ROUNDS; i++) {
      List<String> tokens = sfn ? tasks.openSfn(pool) : tasks.openSwf(pool);
      Round round = reportAll(tokens, sfn, connections);
      rates[i] = round.reportsPerSecond();
      cpu[i] = round.hostCpuMicrosPerReport();
      each.addObject().put("reportsPerSecond", rates[i]).put("hostCpuMicrosPerReport", cpu[i]);
    }
    row.put(prefix + "ReportsPerSecond", Stats.median(rates));
    row.put(prefix + "HostCpuMicrosPerReport", Stats.median(cpu));
  }

  /** Reports every task over {@code connections} sockets. */
  Round reportAll(List<String> tokens, boolean sfn, int connections) throws InterruptedException {
    byte[][] bodies = tokens.stream().map(t -> reportBody(t, sfn)).toArray(byte[][]::new);
    String target = reportTarget(sfn);
    AtomicInteger next = new AtomicInteger();
    long cpu0 = hostCpuNanos();
    long t0 = System.nanoTime();
    tasks.runOn(
        connections,
        http -> {
          for (int i = next.getAndIncrement(); i < bodies.length; i = next.getAndIncrement()) {
            RawTasks.ok(http.post(target, bodies[i]));
          }
        });
    double seconds = (System.nanoTime() - t0) / 1e9;
    return new Round(bodies.length / seconds, (hostCpuNanos() - cpu0) / 1e3 / bodies.length);
  }

  /**
   * The emulator host's CPU time so far (user + system, all its threads, as the OS counts it): per
   * report it is the emulator's cost, which other processes' load hardly moves.
   */
  private long hostCpuNanos() {
    return host.info()
        .totalCpuDuration()
        .orElseThrow(() -> new IllegalStateException("the OS does not report the host's CPU time"))
        .toNanos();
  }

  /** Reports every task one at a time on one socket; returns the median time per call in µs. */
  double medianMicros(List<String> tokens, boolean sfn) throws IOException {
    String target = reportTarget(sfn);
    byte[][] bodies = tokens.stream().map(t -> reportBody(t, sfn)).toArray(byte[][]::new);
    long[] nanos = new long[bodies.length];
    try (RawHttp http = new RawHttp(tasks.endpoint())) {
      for (int i = 0; i < bodies.length; i++) {
        long t0 = System.nanoTime();
        RawTasks.ok(http.post(target, bodies[i]));
        nanos[i] = System.nanoTime() - t0;
      }
    }
    Arrays.sort(nanos);
    return nanos[nanos.length / 2] / 1e3;
  }
}
