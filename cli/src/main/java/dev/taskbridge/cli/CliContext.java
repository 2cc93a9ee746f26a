package dev.taskbridge.cli;

import java.io.PrintStream;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What every command writes to and reads from: the output streams and the environment (given
 * explicitly so tests need not change the process environment).
 */
record CliContext(PrintStream out, PrintStream err, Map<String, String> env) {

  CliContext {
    env = Map.copyOf(env);
  }

  /** The environment variable {@code name}, or null when unset or empty. */
  @Nullable String env(String name) {
    String value = env.get(name);
    return value == null || value.isEmpty() ? null : value;
  }
}
