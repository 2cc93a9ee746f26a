package dev.taskbridge.emulator;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator standalone until interrupted, printing its endpoint.
 *
 * <p>Arguments: {@code --port N} (default 0 = a free port), {@code --bind ADDRESS} (default the
 * loopback address; anything else must be asked for explicitly), {@code --no-control} to turn the
 * HTTP control plane off and {@code --control} to serve it on a non-loopback address too (it is off
 * there by default: anyone who can reach it could inject faults). The clock is an {@link
 * OffsetClock}: real time that the control plane can advance.
 */
public final class EmulatorMain {

  private static final String USAGE =
      "usage: EmulatorMain [--port N] [--bind ADDRESS] [--no-control | --control]";

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
          case "--no-control":
            builder.controlPlane(false);
            break;
          case "--control":
            builder.controlPlane(true);
            break;
          case "--help":
          case "-h":
            out.println(USAGE);
            return;
          default:
            err.println("unknown argument: " + a);
            err.println(USAGE);
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
    out.println(
        backend.controlPlaneEnabled()
            ? "control plane at " + backend.endpoint() + "/_taskbridge/"
            : "control plane off");
    stop.await();
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }
}
