package dev.taskbridge.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code taskbridge emulator ARGS} run in-process on its own thread; close interrupts it. */
final class EmulatorInThread implements AutoCloseable {

  private static final Pattern LISTENING =
      Pattern.compile("taskbridge emulator listening on (http://\\S+)\n");

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final AtomicInteger exit = new AtomicInteger(-1);
  private final Thread thread;

  EmulatorInThread(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "emulator";
    System.arraycopy(args, 0, all, 1, args.length);
    thread =
        new Thread(
            () ->
                exit.set(
                    TaskbridgeCli.run(
                        all,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        Map.of())),
            "taskbridge-emulator-command");
    thread.start();
  }

  /** Waits for the line with the endpoint and returns the endpoint. */
  URI awaitEndpoint() throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(out.toString(StandardCharsets.UTF_8));
      if (m.find()) {
        return URI.create(m.group(1));
      }
      if (!thread.isAlive()) {
        break;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "no endpoint line: exit "
            + exit.get()
            + ", stdout "
            + out.toString(StandardCharsets.UTF_8)
            + ", stderr "
            + err.toString(StandardCharsets.UTF_8));
  }

  /** Interrupts the command and waits for it; returns its exit code, -1 if it did not stop. */
  int stop() throws InterruptedException {
    thread.interrupt();
    thread.join(10_000);
    return thread.isAlive() ? -1 : exit.get();
  }

  @Override
  public void close() {
    try {
      stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
