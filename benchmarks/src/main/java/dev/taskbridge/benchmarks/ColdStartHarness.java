package dev.taskbridge.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.taskbridge.emulator.LocalBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cold start: launches each {@link ColdStart} program as a fresh JVM, {@code runs} times, against
 * an emulator in this process, and records the wall time from process start to exit and the CPU
 * time the process used (which it prints last, see {@link ColdStart#printCpuTime}). The programs
 * run in rounds, in a rotating order, so drift in the machine's load falls on all of them alike;
 * one round first warms the file cache and is not counted. Each run gets a task opened beforehand.
 *
 * <p>Arguments: {@code <java> <classpath> <output.json> <runs> [jvm option]...}.
 */
final class ColdStartHarness {

  private static final Map<String, Class<?>> PROGRAMS = new LinkedHashMap<>();
  private static final Pattern CPU = Pattern.compile("cpuMillis=(\\d+)");

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
    Map<String, List<Double>> cpuMillis = new LinkedHashMap<>();
    try (LocalBackend emulator = LocalBackend.start()) {
      RawTasks tasks = new RawTasks(emulator.endpoint());
      // One open task per run of each program of that backend.
      long sfnPrograms = PROGRAMS.keySet().stream().filter(n -> n.startsWith("sfn")).count();
      long swfPrograms = PROGRAMS.size() - sfnPrograms;
      ArrayDeque<String> sfnTokens = new ArrayDeque<>(tasks.openSfn((int) sfnPrograms * rounds));
      ArrayDeque<String> swfTokens = new ArrayDeque<>(tasks.openSwf((int) swfPrograms * rounds));
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
          Process p =
              new ProcessBuilder(command)
                  .redirectInput(ProcessBuilder.Redirect.INHERIT)
                  .redirectError(ProcessBuilder.Redirect.INHERIT)
                  .start();
          // The program prints only its CPU time, last; a pipe this small never fills.
          String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
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
            Matcher m = CPU.matcher(out);
            if (m.find()) {
              cpuMillis
                  .computeIfAbsent(name, n -> new ArrayList<>())
                  .add(Double.parseDouble(m.group(1)));
            }
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
      double[] wall = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
      List<Double> cpu = cpuMillis.getOrDefault(e.getKey(), List.of());
      double medianWall = Stats.median(wall);
      ObjectNode p = medians.putObject(e.getKey());
      p.put("medianMillis", medianWall);
      p.put("minMillis", Arrays.stream(wall).min().orElse(Double.NaN));
      p.put("maxMillis", Arrays.stream(wall).max().orElse(Double.NaN));
      p.put(
          "medianCpuMillis", Stats.median(cpu.stream().mapToDouble(Double::doubleValue).toArray()));
      System.err.printf(
          "cold start %-12s median %.0f ms wall %s, CPU %s%n",
          e.getKey(), medianWall, e.getValue(), cpu);
    }
    Files.writeString(output, json.writerWithDefaultPrettyPrinter().writeValueAsString(result));
  }
}
