package dev.taskbridge.emulator;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator standalone until interrupted, printing its endpoint.
 *
 * <p>Arguments: {@code --port N} (default 0 = a free port) and {@code --bind ADDRESS} (default the
 * loopback address; anything else must be asked for explicitly).
 */
public final class EmulatorMain {

  private EmulatorMain() {}

  /** Starts the emulator and serves until the process is interrupted. */
  public static void main(String[] args) throws InterruptedException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    LocalBackend.Builder builder = LocalBackend.builder();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      try {
        switch (a) {
          case "--port":
            builder.port(Integer.parseInt(value(args, ++i, a)));
            break;
          case "--bind":
            builder.bindAddress(InetAddress.getByName(value(args, ++i, a)));
            break;
          case "--help":
          case "-h":
            out.println("usage: EmulatorMain [--port N] [--bind ADDRESS]");
            return;
          default:
            err.println("unknown argument: " + a);
            err.println("usage: EmulatorMain [--port N] [--bind ADDRESS]");
            System.exit(2);
            return;
        }
      } catch (IllegalArgumentException | UnknownHostException e) {
        err.println("bad value for " + a + ": " + e.getMessage());
        System.exit(2);
        return;
      }
    }
    LocalBackend backend = builder.start();
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  backend.close();
                  stop.countDown();
                },
                "taskbridge-emulator-shutdown"));
    out.println("taskbridge emulator listening on " + backend.endpoint());
    stop.await();
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }
}
