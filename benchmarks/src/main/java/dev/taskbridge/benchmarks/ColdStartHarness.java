package dev.taskbridge.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskbridge.emulator.LocalBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Cold start: launches each {@link ColdStart} program as a fresh JVM, {@code runs} times, against
 * an emulator in this process, and records the wall time from process start to exit. The programs
 * run in rounds, in a rotating order, so drift in the machine's load falls on all of them alike;
 * one round first warms the file cache and is not counted. Each run gets a task opened beforehand.
 *
 * <p>Arguments: {@code <java> <classpath> <output.json> <runs> [jvm option]...}.
 */
final class ColdStartHarness {

  private static final Map<String, Class<?>> PROGRAMS = new LinkedHashMap<>();

  static {
    PROGRAMS.put("sfnRaw", ColdStart.SfnRaw.class);
    PROGRAMS.put("sfnAdapter", ColdStart.SfnAdapter.class);
    PROGRAMS.put("sfnGuice", ColdStart.SfnGuice.class);
    PROGRAMS.put("sfnRawGuice", ColdStart.SfnRawGuice.class);
    PROGRAMS.put("swfRaw", ColdStart.SwfRaw.class);
    PROGRAMS.put("swfAdapter", ColdStart.SwfAdapter.class);
    PROGRAMS.put("swfGuice", ColdStart.SwfGuice.class);
    PROGRAMS.put("swfRawGuice", ColdStart.SwfRawGuice.class);
  }

  private ColdStartHarness() {}

  public static void main(String[] args) throws Exception {
    String java = args[0];
    String classpath = args[1];
    Path output = Path.of(args[2]);
    int runs = Integer.parseInt(args[3]);
    List<String> jvmOptions = Arrays.asList(args).subList(4, args.length);
    int rounds = runs + 1;
    Map<String, List<Double>> millis = new LinkedHashMap<>();
    try (LocalBackend emulator = LocalBackend.start()) {
      RawTasks tasks = new RawTasks(emulator.endpoint());
      ArrayDeque<String> sfnTokens = new ArrayDeque<>(tasks.openSfn(3 * rounds));
      ArrayDeque<String> swfTokens = new ArrayDeque<>(tasks.openSwf(3 * rounds));
      List<Map.Entry<String, Class<?>>> programs = new ArrayList<>(PROGRAMS.entrySet());
      for (int round = 0; round < rounds; round++) {
        for (int k = 0; k < programs.size(); k++) {
          Map.Entry<String, Class<?>> program = programs.get((k + round) % programs.size());
          String name = program.getKey();
          String token = name.startsWith("sfn") ? sfnTokens.pop() : swfTokens.pop();
          List<String> command = new ArrayList<>();
          command.add(java);
          command.addAll(jvmOptions);
          command.add("-cp");
          command.add(classpath);
          command.add(program.getValue().getName());
          command.add(emulator.endpoint().toString());
          command.add(token);
          long t0 = System.nanoTime();
          Process p = new ProcessBuilder(command).inheritIO().start();
          if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(name + " did not exit within 120 s");
          }
          double ms = (System.nanoTime() - t0) / 1e6;
          if (p.exitValue() != 0) {
            throw new IllegalStateException(name + " exited with " + p.exitValue());
          }
          if (round > 0) {
            millis.computeIfAbsent(name, n -> new ArrayList<>()).add(ms);
          }
        }
      }
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode result = json.createObjectNode();
    result.put("runs", runs);
    result.put("jvmOptions", String.join(" ", jvmOptions));
    ObjectNode medians = result.putObject("programs");
    for (Map.Entry<String, List<Double>> e : millis.entrySet()) {
      double[] sorted = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
      ObjectNode p = medians.putObject(e.getKey());
      p.put("medianMillis", median(sorted));
      p.put("minMillis", sorted[0]);
      p.put("maxMillis", sorted[sorted.length - 1]);
      System.err.printf(
          "cold start %-10s median %.0f ms %s%n", e.getKey(), median(sorted), e.getValue());
    }
    Files.writeString(output, json.writerWithDefaultPrettyPrinter().writeValueAsString(result));
  }

  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
