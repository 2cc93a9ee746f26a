package dev.taskbridge.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** One in-process run of the command: exit code and everything it printed. */
record CliRun(int exitCode, String out, String err) {

  /** Runs {@code args} with an empty environment (no AWS_REGION from the machine). */
  static CliRun of(String... args) {
    return of(Map.of(), args);
  }

  static CliRun of(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = TaskbridgeCli.run(args, o, e, env);
    }
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Every line of stdout and stderr. */
  List<String> lines() {
    return Arrays.asList((out + "\n" + err).split("\n", -1));
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
