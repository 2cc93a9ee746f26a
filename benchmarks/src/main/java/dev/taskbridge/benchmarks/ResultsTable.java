package dev.taskbridge.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * Turns one run's results (JMH JSON, cold start, emulator load) into the Markdown table of {@code
 * benchmarks/README.md}, replaces the text between the results markers there, and prints it.
 *
 * <p>Arguments: {@code <results dir> <README.md> <command> <machine description>}.
 */
final class ResultsTable {

  static final String BEGIN = "<!-- results:begin -->";
  static final String END = "<!-- results:end -->";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final StringBuilder md = new StringBuilder();

  private ResultsTable() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Path readme = Path.of(args[1]);
    ResultsTable t = new ResultsTable();
    t.render(dir, args[2], args[3]);
    String table = t.md.toString();
    Files.writeString(dir.resolve("table.md"), table);
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int b = text.indexOf(BEGIN);
    int e = text.indexOf(END);
    if (b < 0 || e < b) {
      throw new IllegalStateException(readme + " has no " + BEGIN + " ... " + END + " markers");
    }
    Files.writeString(
        readme, text.substring(0, b + BEGIN.length()) + "\n" + table + text.substring(e));
    System.out.println(table);
  }

  private void render(Path dir, String command, String machine) throws IOException {
    loadJmh(dir);
    line("Command: `" + command + "`  ");
    line("Machine: " + machine);
    line("");
    overhead();
    interleaved(read(dir.resolve("interleaved.json")));
    async();
    interleavedAsync(read(dir.resolve("interleaved-async.json")));
    coldStart(read(dir.resolve("coldstart.json")));
    emulator(read(dir.resolve("emulator.json")));
    conversion();
    worker(read(dir.resolve("worker.json")));
    aslExecution();
  }

  private static JsonNode read(Path p) throws IOException {
    return Files.exists(p) ? JSON.readTree(p.toFile()) : JSON.createObjectNode();
  }

  private void line(String s) {
    md.append(s).append('\n');
  }

  /** One JMH result and the run (file) it came from: results of one file were measured together. */
  private record Result(String run, JsonNode node) {
    double score() {
      return node.path("primaryMetric").path("score").asDouble(Double.NaN);
    }

    double error() {
      return node.path("primaryMetric").path("scoreError").asDouble(Double.NaN);
    }

    double percentile(String p) {
      return node.path("primaryMetric").path("scorePercentiles").path(p).asDouble(Double.NaN);
    }

    double allocPerOp() {
      Iterator<Map.Entry<String, JsonNode>> it = node.path("secondaryMetrics").fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().endsWith("gc.alloc.rate.norm")) {
          return e.getValue().path("score").asDouble(Double.NaN);
        }
      }
      return Double.NaN;
    }
  }

  private final List<Result> jmh = new ArrayList<>();

  private void loadJmh(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p :
          files
              .filter(
                  f ->
                      f.getFileName().toString().startsWith("jmh-")
                          && f.getFileName().toString().endsWith(".json"))
              .sorted()
              .toList()) {
        for (JsonNode b : JSON.readTree(p.toFile())) {
          jmh.add(new Result(p.getFileName().toString(), b));
        }
      }
    }
  }

  private List<Result> find(String method, String... params) {
    List<Result> out = new ArrayList<>();
    for (Result r : jmh) {
      if (!r.node().path("benchmark").asText().endsWith("." + method)) {
        continue;
      }
      boolean match = true;
      for (int i = 0; i < params.length; i += 2) {
        match &= r.node().path("params").path(params[i]).asText().equals(params[i + 1]);
      }
      if (match) {
        out.add(r);
      }
    }
    return out;
  }

  private static double median(List<Double> values) {
    double[] v =
        values.stream()
            .mapToDouble(Double::doubleValue)
            .filter(d -> !Double.isNaN(d))
            .sorted()
            .toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static double medianOf(List<Result> rs, ToDoubleFunction<Result> f) {
    return median(rs.stream().map(r -> f.applyAsDouble(r)).toList());
  }

  /** The median over runs of the per-run ratio {@code a/b}: each run's pair shared its noise. */
  private static double pairedRatio(List<Result> a, List<Result> b, ToDoubleFunction<Result> f) {
    List<Double> ratios = new ArrayList<>();
    for (Result x : a) {
      for (Result y : b) {
        if (x.run().equals(y.run())) {
          ratios.add(f.applyAsDouble(x) / f.applyAsDouble(y));
        }
      }
    }
    return median(ratios);
  }

  /** "± error" for one run, "(min–max over n runs)" for several. */
  private static String spread(List<Result> rs, String format) {
    if (rs.size() == 1) {
      return "± " + f(format, rs.get(0).error());
    }
    double min = rs.stream().mapToDouble(Result::score).min().orElse(Double.NaN);
    double max = rs.stream().mapToDouble(Result::score).max().orElse(Double.NaN);
    return "(" + f(format, min) + "–" + f(format, max) + ")";
  }

  private static String ratios(List<Result> a, List<Result> b) {
    List<String> out = new ArrayList<>();
    for (Result x : a) {
      for (Result y : b) {
        if (x.run().equals(y.run())) {
          out.add(f("%.2f", x.score() / y.score()));
        }
      }
    }
    return String.join(", ", out);
  }

  private static String f(String format, double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, format, v);
  }

  private static String verdict(boolean met, double... values) {
    for (double v : values) {
      if (Double.isNaN(v)) {
        return "not measured";
      }
    }
    return met ? "met" : "**missed**";
  }

  /** The clients' own API call timeout in #1, as {@link OverheadBenchmark} names it. */
  private static final String[] CLIENT_TIMEOUTS = {"none", "deadline"};

  private static String clientTimeoutLabel(String config) {
    return config.equals("none") ? "none (SDK default)" : "= deadline (30 s)";
  }

  private void overhead() {
    line("### 1. Per-call overhead, in-process HTTP client (JMH average time, `-prof gc`)");
    line("");
    line(
        "| call | backend | client's own apiCallTimeout | raw µs/call | adapter µs/call |"
            + " adapter/raw (per run) | raw B/call | adapter B/call | extra B/call | target ≤ 1.03"
            + " and ≤ 512 B |");
    line("|---|---|---|---|---|---|---|---|---|---|");
    for (String call : CALLS) {
      for (String backend : new String[] {"sfn", "swf"}) {
        for (String config : CLIENT_TIMEOUTS) {
          overheadRow(call, backend, config);
        }
      }
    }
    line("");
    line(
        "Each run measured raw and adapter back to back in one JMH invocation; times are the median"
            + " over runs of JMH's mean (in parentheses: lowest–highest run), the ratio is the median"
            + " of the per-run ratios. B/call is `gc.alloc.rate.norm` (median over runs). With no"
            + " API call timeout on the client, the adapter sends its deadline as a per-request"
            + " one, which the raw call does not have at all; with the client's own timeout at the"
            + " deadline, both are bounded alike and the adapter adds no override. `report`: the"
            + " binding's reporter vs `sendTaskFailure` / `respondActivityTaskFailed`; `succeed`:"
            + " the binding's task client vs `sendTaskSuccess` / `respondActivityTaskCompleted`.");
    line("");
  }

  /** The calls of #1, and the infix of their benchmark methods / interleaved keys. */
  private static final String[] CALLS = {"report", "succeed"};

  private static String infix(String call) {
    return call.equals("report") ? "" : "Succeed";
  }

  private void overheadRow(String call, String backend, String config) {
    String m = "OverheadBenchmark." + backend + infix(call);
    List<Result> raw = find(m + "Raw", PARAM, config);
    List<Result> adapter = find(m + "Adapter", PARAM, config);
    double ratio = pairedRatio(adapter, raw, Result::score);
    double rawAlloc = medianOf(raw, Result::allocPerOp);
    double adapterAlloc = medianOf(adapter, Result::allocPerOp);
    double extra = adapterAlloc - rawAlloc;
    line(
        String.format(
            Locale.ROOT,
            "| %s | %s | %s | %s %s | %s %s | **%s** (%s) | %s | %s | %s | %s |",
            "`" + call + "`",
            backend.toUpperCase(Locale.ROOT),
            clientTimeoutLabel(config),
            f("%.2f", medianOf(raw, Result::score)),
            spread(raw, "%.2f"),
            f("%.2f", medianOf(adapter, Result::score)),
            spread(adapter, "%.2f"),
            f("%.3f", ratio),
            ratios(adapter, raw),
            f("%.0f", rawAlloc),
            f("%.0f", adapterAlloc),
            f("%.0f", extra),
            verdict(ratio <= 1.03 && extra <= 512, ratio, extra)));
  }

  private static final String PARAM = "clientApiCallTimeout";

  private void interleaved(JsonNode il) {
    line(
        "#### 1b. The same calls, interleaved blocks, CPU time of all Java threads (`InterleavedOverhead`)");
    line("");
    line(
        "| call | backend | client's own apiCallTimeout | raw CPU µs/call | adapter CPU µs/call |"
            + " adapter/raw CPU | adapter/raw wall | raw + shared deadline override / raw CPU |"
            + " raw B/call | adapter B/call | extra B/call | target ≤ 1.03 and ≤ 512 B |");
    line("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (String call : CALLS) {
      for (String backend : new String[] {"sfn", "swf"}) {
        for (String config : CLIENT_TIMEOUTS) {
          interleavedRow(il.path(config).path(backend + infix(call)), call, backend, config);
        }
      }
    }
    line("");
    line(
        il.path("blocks").asInt()
            + " blocks of "
            + il.path("callsPerBlock").asInt()
            + " calls per side, order rotating; medians of the per-block ratios. CPU time is summed"
            + " over every Java thread (the caller, the SDK's timer thread; not GC or JIT), and"
            + " hardly moves with other processes' load, which stretches wall time (JMH's figures above) by"
            + " whatever share of the cores they take. Bytes per call: the calling thread's allocation"
            + " counter after a long warm-up. The shared-override diagnostic is measured for"
            + " `report` only.");
    line("");
  }

  private void interleavedRow(JsonNode b, String call, String backend, String config) {
    double ratio = b.path("adapterCpuRatio").asDouble(Double.NaN);
    double rawBytes = b.path("rawBytesPerCall").asDouble(Double.NaN);
    double adapterBytes = b.path("adapterBytesPerCall").asDouble(Double.NaN);
    double extra = adapterBytes - rawBytes;
    line(
        String.format(
            Locale.ROOT,
            "| %s | %s | %s | %s | %s | **%s** | %s | %s | %s | %s | **%s** | %s |",
            "`" + call + "`",
            backend.toUpperCase(Locale.ROOT),
            clientTimeoutLabel(config),
            f("%.2f", b.path("rawCpuMicros").asDouble(Double.NaN)),
            f("%.2f", b.path("adapterCpuMicros").asDouble(Double.NaN)),
            f("%.3f", ratio),
            f("%.3f", b.path("adapterWallRatio").asDouble(Double.NaN)),
            f("%.3f", b.path("sharedTimeoutCpuRatio").asDouble(Double.NaN)),
            f("%.0f", rawBytes),
            f("%.0f", adapterBytes),
            f("%.0f", extra),
            verdict(ratio <= 1.03 && extra <= 512, ratio, extra)));
  }

  private void async() {
    line("### 2. Async throughput over loopback against the emulator (JMH throughput, Netty)");
    line("");
    line(
        "| backend | in flight | raw reports/s | adapter reports/s | adapter/raw (per run) |"
            + " target ≥ 0.97 |");
    line("|---|---|---|---|---|---|");
    for (String backend : new String[] {"SFN", "SWF"}) {
      for (String inFlight : new String[] {"1", "16", "128"}) {
        List<Result> raw =
            find("AsyncLoopbackBenchmark.raw", "backend", backend, "inFlight", inFlight);
        List<Result> adapter =
            find("AsyncLoopbackBenchmark.adapter", "backend", backend, "inFlight", inFlight);
        double ratio = pairedRatio(adapter, raw, Result::score);
        line(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s %s | %s %s | **%s** (%s) | %s |",
                backend,
                inFlight,
                f("%.0f", medianOf(raw, Result::score)),
                spread(raw, "%.0f"),
                f("%.0f", medianOf(adapter, Result::score)),
                spread(adapter, "%.0f"),
                f("%.3f", ratio),
                ratios(adapter, raw),
                verdict(ratio >= 0.97, ratio)));
      }
    }
    line("");
    line("Medians over runs of JMH's mean throughput; every report closed an open task.");
    line("");
  }

  private void interleavedAsync(JsonNode ia) {
    line("#### 2b. The same, raw and adapter alternating in blocks (`InterleavedAsync`)");
    line("");
    line(
        "| backend | in flight | raw reports/s | adapter reports/s | adapter/raw (lowest–highest"
            + " pair) | raw CPU µs/report | adapter CPU µs/report | reports per CPU-second,"
            + " adapter/raw | target ≥ 0.97 |");
    line("|---|---|---|---|---|---|---|---|---|");
    for (String backend : new String[] {"SFN", "SWF"}) {
      for (String inFlight : new String[] {"1", "16", "128"}) {
        JsonNode r = ia.path(backend).path(inFlight);
        double ratio = r.path("ratio").asDouble(Double.NaN);
        double cpuRatio = r.path("cpuRatio").asDouble(Double.NaN);
        line(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | **%s** (%s–%s) | %s | %s | **%s** | wall: %s; CPU: %s |",
                backend,
                inFlight,
                f("%.0f", r.path("rawPerSecond").asDouble(Double.NaN)),
                f("%.0f", r.path("adapterPerSecond").asDouble(Double.NaN)),
                f("%.3f", ratio),
                f("%.2f", r.path("minRatio").asDouble(Double.NaN)),
                f("%.2f", r.path("maxRatio").asDouble(Double.NaN)),
                f("%.1f", r.path("rawCpuMicrosPerReport").asDouble(Double.NaN)),
                f("%.1f", r.path("adapterCpuMicrosPerReport").asDouble(Double.NaN)),
                f("%.3f", cpuRatio),
                verdict(ratio >= 0.97, ratio),
                verdict(cpuRatio >= 0.97, cpuRatio)));
      }
    }
    line("");
    line(
        ia.path("pairs").asInt()
            + " block pairs per row, "
            + ia.path("reportsPerBlock").asInt()
            + " reports per block (a fifth at 1 in flight), order alternating; medians over pairs."
            + " Same clients, same in-process emulator, every report closes an open task. CPU:"
            + " every Java thread of the JVM (client, Netty, emulator) per report, median over"
            + " blocks; its ratio is the throughput ratio a run with the cores to itself would"
            + " show.");
    line("");
  }

  private void coldStart(JsonNode cold) {
    JsonNode programs = cold.path("programs");
    line(
        "### 3. Cold start: fresh JVM to exit, one report (median of "
            + cold.path("runs").asInt()
            + " runs each; url-connection-client; JVM options: `"
            + (cold.path("jvmOptions").asText().isEmpty()
                ? "none"
                : cold.path("jvmOptions").asText())
            + "`)");
    line("");
    line(
        "| backend | median of | raw ms | plain factory ms | plain / raw | raw + Guice ms |"
            + " Guice ms | Guice / (raw + Guice) | Guice / raw | target ≤ 1.15 (wall) |");
    line("|---|---|---|---|---|---|---|---|---|---|");
    for (String backend : new String[] {"sfn", "swf"}) {
      for (String measure : new String[] {"medianMillis", "medianCpuMillis"}) {
        boolean wall = measure.equals("medianMillis");
        double raw = programs.path(backend + "Raw").path(measure).asDouble(Double.NaN);
        double plain = programs.path(backend + "Adapter").path(measure).asDouble(Double.NaN);
        double guice = programs.path(backend + "Guice").path(measure).asDouble(Double.NaN);
        double rawGuice = programs.path(backend + "RawGuice").path(measure).asDouble(Double.NaN);
        line(
            String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |",
                backend.toUpperCase(Locale.ROOT),
                wall ? "wall time" : "CPU time",
                f("%.0f", raw),
                f("%.0f", plain),
                f("%.3f", plain / raw),
                f("%.0f", rawGuice),
                f("%.0f", guice),
                f("%.3f", guice / rawGuice),
                f("%.3f", guice / raw),
                wall
                    ? "plain: "
                        + verdict(plain / raw <= 1.15, plain, raw)
                        + "; Guice vs raw + Guice: "
                        + verdict(guice / rawGuice <= 1.15, guice, rawGuice)
                        + "; Guice vs raw: "
                        + verdict(guice / raw <= 1.15, guice, raw)
                    : "(supporting: CPU hardly moves with load)"));
      }
    }
    line("");
    line(
        "Raw + Guice: the raw SDK call in a program whose injector provides the client, i.e. what"
            + " an application wired with Guice pays without taskbridge. Guice: the same injector"
            + " with `SfnBindingModule`/`SwfBindingModule` and `RoutingReporterModule`. CPU time:"
            + " user + system time of the whole process (JIT and GC threads included), which"
            + " other processes' load stretches far less than wall time.");
    line("");
  }

  private void emulator(JsonNode em) {
    line(
        "### 4. Emulator throughput (separate JVM; raw-socket load generator, "
            + em.path("connections").asInt()
            + " connections, pools of "
            + em.path("pool").asInt()
            + " fresh tasks)");
    line("");
    line(
        "| open tasks | live heap MB | heap B per added open task | SWF reports/s | SWF host CPU"
            + " µs/report | SWF median µs/call (1 connection) | SFN reports/s | SFN host CPU"
            + " µs/report | SFN median µs/call | target ≥ 20,000/s |");
    line("|---|---|---|---|---|---|---|---|---|---|");
    for (JsonNode row : em.path("levels")) {
      double swf = row.path("swfReportsPerSecond").asDouble(Double.NaN);
      double sfn = row.path("sfnReportsPerSecond").asDouble(Double.NaN);
      line(
          String.format(
              Locale.ROOT,
              "| %,d | %s | %s | %s | %s | %s | %s | %s | %s | %s |",
              row.path("openTasks").asInt(),
              f("%.0f", row.path("heapBytes").asDouble() / (1024 * 1024)),
              f("%.0f", row.path("heapBytesPerAddedTask").asDouble(Double.NaN)),
              f("%.0f", swf),
              f("%.1f", row.path("swfHostCpuMicrosPerReport").asDouble(Double.NaN)),
              f("%.0f", row.path("swfMedianMicros").asDouble(Double.NaN)),
              f("%.0f", sfn),
              f("%.1f", row.path("sfnHostCpuMicrosPerReport").asDouble(Double.NaN)),
              f("%.0f", row.path("sfnMedianMicros").asDouble(Double.NaN)),
              verdict(swf >= 20_000 && (Double.isNaN(sfn) || sfn >= 20_000), swf)));
    }
    line("");
    line(
        "Reports/s and host CPU: medians over rounds (each a fresh pool, after unmeasured warm-up"
            + " rounds). Host CPU: user + system time of the emulator's whole JVM (I/O, engine,"
            + " JIT and GC threads) per report; both share the 2 cores with the load generator, and"
            + " on a busy machine both move.");
    line("");
  }

  private void conversion() {
    line("### 5. Conversion: `TaskFailure.from(Throwable)` (JMH sample time)");
    line("");
    line("| exception | median µs | p99 µs | B/call | target (median) |");
    line("|---|---|---|---|---|");
    String[][] rows = {
      {"typical", "typical: 3 causes, ~60 frames", "50"},
      {"deepChain", "needs shortening: 10,000-deep cause chain (kept to 20 levels)", "20"},
      {"hugeMessage", "needs shortening: 10 MB message (cut to 8,192 characters)", "20"},
      {
        "oversized",
        "needs shortening by structure: 30 suppressed x 50 distinct frames (~120 KB) to 32 KB",
        "20"
      },
    };
    for (String[] r : rows) {
      List<Result> b = find("ConversionBenchmark." + r[0]);
      double p50 = medianOf(b, x -> x.percentile("50.0"));
      double target = Double.parseDouble(r[2]);
      line(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | < %s µs: %s |",
              r[1],
              f("%.1f", p50),
              f("%.1f", medianOf(b, x -> x.percentile("99.0"))),
              f("%.0f", medianOf(b, Result::allocPerOp)),
              r[2],
              verdict(p50 < target, p50)));
    }
    line("");
  }

  private void worker(JsonNode w) {
    line("### 6. Worker vs a raw poll loop, emulator in the same JVM (`WorkerThroughput`)");
    line("");
    line(
        "| backend | concurrency | raw tasks/s | binding tasks/s | worker tasks/s | worker/raw tasks/s |"
            + " raw CPU µs/task | binding CPU µs/task | worker CPU µs/task | binding/raw CPU |"
            + " worker/raw CPU | worker/raw process CPU | target ≥ 0.95 tasks/s and ≤ 1.05 CPU |");
    line("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (String backend : new String[] {"sfn", "swf"}) {
      for (String c : new String[] {"1", "16", "64"}) {
        JsonNode r = w.path(backend).path(c);
        if (!r.isMissingNode()) {
          workerRow(backend.equals("sfn") ? "Step Functions" : "SWF", c, r);
        }
      }
    }
    line("");
    line(
        w.path("tasks").asInt()
            + " tasks per run (an eighth, at least 200, at concurrency 1), "
            + w.path("rounds").asInt()
            + " rounds, sides alternating; means over rounds. raw: `c` threads each"
            + " `getActivityTask` then `sendTaskSuccess` (SWF: `pollForActivityTask` then"
            + " `respondActivityTaskCompleted`); binding: the same threads through the binding's"
            + " `poll` then `succeed`; worker: `ActivityWorker` with concurrency `c`"
            + " and `c` pollers. CPU: every Java thread of the JVM (client, emulator, worker; not GC"
            + " or JIT) per task; process CPU (GC and JIT included) as a ratio for reference.");
    line("");
  }

  /** One row of section 6: {@code backend}'s figures at concurrency {@code c}. */
  private void workerRow(String backend, String c, JsonNode r) {
    double raw = r.path("rawTasksPerSecond").asDouble(Double.NaN);
    double worker = r.path("workerTasksPerSecond").asDouble(Double.NaN);
    double rawCpu = r.path("rawThreadCpuMicrosPerTask").asDouble(Double.NaN);
    double bindingCpu = r.path("bindingThreadCpuMicrosPerTask").asDouble(Double.NaN);
    double workerCpu = r.path("workerThreadCpuMicrosPerTask").asDouble(Double.NaN);
    double rate = worker / raw;
    double cpu = workerCpu / rawCpu;
    line(
        String.format(
            Locale.ROOT,
            "| %s | %s | %s | %s | %s | **%s** | %s | %s | %s | %s | **%s** | %s | %s |",
            backend,
            c,
            f("%.0f", raw),
            f("%.0f", r.path("bindingTasksPerSecond").asDouble(Double.NaN)),
            f("%.0f", worker),
            f("%.3f", rate),
            f("%.0f", rawCpu),
            f("%.0f", bindingCpu),
            f("%.0f", workerCpu),
            f("%.3f", bindingCpu / rawCpu),
            f("%.3f", cpu),
            f(
                "%.3f",
                r.path("workerProcessCpuMicrosPerTask").asDouble(Double.NaN)
                    / r.path("rawProcessCpuMicrosPerTask").asDouble(Double.NaN)),
            verdict(rate >= 0.95 && cpu <= 1.05, rate, cpu)));
  }

  private void aslExecution() {
    List<Result> b = find("AslExecutionBenchmark.execution");
    if (b.isEmpty()) {
      return;
    }
    line(
        "### 7. Emulator: one execution of a 10-state machine with a Map over 100 items"
            + " (JMH sample time)");
    line("");
    line("| what | median µs | p99 µs |");
    line("|---|---|---|");
    line(
        String.format(
            Locale.ROOT,
            "| StartExecution, then DescribeExecution until it ends (blocking SDK client, loopback)"
                + " | %s | %s |",
            f("%.0f", medianOf(b, x -> x.percentile("50.0"))),
            f("%.0f", medianOf(b, x -> x.percentile("99.0")))));
    line("");
  }
}
