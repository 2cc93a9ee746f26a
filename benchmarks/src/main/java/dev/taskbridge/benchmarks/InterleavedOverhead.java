package dev.taskbridge.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Per-call overhead measured for a shared, loaded machine: the same calls as {@link
 * OverheadBenchmark} ({@code report} and {@code succeed}, both client configurations), but raw,
 * adapter and (for {@code report}) raw-with-timeout alternate in short blocks, and each block is
 * measured in <em>CPU time of every Java thread</em> (the caller, the SDK's timer thread) as well
 * as wall time. Other processes' load stretches wall time by whatever share of the cores they take
 * at that moment; it hardly changes the CPU a call costs, and alternating blocks put both sides of
 * each ratio under the same conditions. The figure reported is the median over blocks of the
 * per-block ratio.
 *
 * <p>Arguments: {@code <output.json> <blocks> <calls per block>}.
 */
final class InterleavedOverhead {

  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  private static volatile Object sink = new Object();

  private InterleavedOverhead() {}

  public static void main(String[] args) throws Exception {
    Path output = Path.of(args[0]);
    int blocks = Integer.parseInt(args[1]);
    int calls = Integer.parseInt(args[2]);
    ObjectMapper json = new ObjectMapper();
    ObjectNode result = json.createObjectNode();
    result.put("blocks", blocks).put("callsPerBlock", calls);
    for (String config : new String[] {"none", "deadline"}) {
      OverheadBenchmark b = new OverheadBenchmark();
      b.clientApiCallTimeout = config;
      b.setUp();
      ObjectNode out = result.putObject(config);
      try {
        measure(
            out.putObject("sfn"),
            blocks,
            calls,
            new Runnable[] {
              () -> sink = b.sfnRaw(),
              b::sfnAdapter,
              () -> sink = b.sfnRawWithSharedApiCallTimeout()
            });
        measure(
            out.putObject("swf"),
            blocks,
            calls,
            new Runnable[] {
              () -> sink = b.swfRaw(),
              b::swfAdapter,
              () -> sink = b.swfRawWithSharedApiCallTimeout()
            });
        measure(
            out.putObject("sfnSucceed"),
            blocks,
            calls,
            new Runnable[] {() -> sink = b.sfnSucceedRaw(), b::sfnSucceedAdapter});
        measure(
            out.putObject("swfSucceed"),
            blocks,
            calls,
            new Runnable[] {() -> sink = b.swfSucceedRaw(), b::swfSucceedAdapter});
      } finally {
        b.tearDown();
      }
    }
    Files.writeString(output, json.writerWithDefaultPrettyPrinter().writeValueAsString(result));
  }

  /**
   * {@code sides}: raw, adapter, and (for {@code report}) raw with one shared override carrying the
   * adapter's deadline as API call timeout (what the adapter adds when the client has no timeout of
   * its own).
   */
  private static void measure(ObjectNode out, int blocks, int calls, Runnable[] sides) {
    // Warm-up: let the JIT compile every path before anything counts.
    for (int i = 0; i < 20; i++) {
      for (Runnable side : sides) {
        run(side, calls);
      }
    }
    double[][] cpu = new double[sides.length][blocks];
    double[][] wall = new double[sides.length][blocks];
    double[][] bytes = new double[sides.length][blocks];
    for (int block = 0; block < blocks; block++) {
      for (int k = 0; k < sides.length; k++) {
        int s = (k + block) % sides.length; // rotate the order: no side always goes first
        long c0 = cpuOfAllThreads();
        long a0 = THREADS.getCurrentThreadAllocatedBytes();
        long w0 = System.nanoTime();
        run(sides[s], calls);
        wall[s][block] = (System.nanoTime() - w0) / 1e3 / calls;
        cpu[s][block] = (cpuOfAllThreads() - c0) / 1e3 / calls;
        bytes[s][block] = (THREADS.getCurrentThreadAllocatedBytes() - a0) / (double) calls;
      }
    }
    String[] names = {"raw", "adapter", "rawWithSharedApiCallTimeout"};
    for (int s = 0; s < sides.length; s++) {
      out.put(names[s] + "CpuMicros", Stats.median(cpu[s]));
      out.put(names[s] + "WallMicros", Stats.median(wall[s]));
      out.put(names[s] + "BytesPerCall", Stats.median(bytes[s]));
    }
    out.put("adapterCpuRatio", Stats.median(ratios(cpu[1], cpu[0])));
    out.put("adapterWallRatio", Stats.median(ratios(wall[1], wall[0])));
    if (sides.length > 2) {
      out.put("sharedTimeoutCpuRatio", Stats.median(ratios(cpu[2], cpu[0])));
    }
    System.err.println("interleaved overhead: " + out);
  }

  /**
   * The CPU time of every live Java thread, in nanoseconds (per-thread clocks have nanosecond
   * resolution; the process clock here ticks in 10 ms). GC and JIT threads are not Java threads and
   * are not counted: allocation is reported separately, and compilation is noise.
   */
  static long cpuOfAllThreads() {
    long total = 0;
    for (long t : THREADS.getThreadCpuTime(THREADS.getAllThreadIds())) {
      if (t > 0) {
        total += t;
      }
    }
    return total;
  }

  private static void run(Runnable side, int calls) {
    for (int i = 0; i < calls; i++) {
      side.run();
    }
  }

  private static double[] ratios(double[] a, double[] b) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[i] / b[i];
    }
    return r;
  }
}
