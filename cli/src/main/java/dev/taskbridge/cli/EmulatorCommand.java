package dev.taskbridge.cli;

import dev.taskbridge.emulator.LocalBackend;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code taskbridge emulator}: serves the SWF and Step Functions emulator in the foreground until
 * the process is interrupted (Ctrl-C) or, in-process, the running thread is interrupted.
 *
 * <p>Stopped by a signal, the process exits as the JVM and the shell convention say, 128 + the
 * signal's number: 130 for SIGINT (Ctrl-C), 143 for SIGTERM, after the shutdown hook has closed the
 * emulator. Run in-process ({@link TaskbridgeCli#run}) and stopped by interrupting its thread, the
 * command returns 0.
 */
@Command(
    name = "emulator",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Run the local SWF and Step Functions emulator (AWS JSON 1.0, both services on one port) in"
          + " the foreground until interrupted (Ctrl-C). Prints one line with its endpoint; point"
          + " SDK clients, 'taskbridge report --endpoint-url' or 'taskbridge conformance"
          + " --sfn-endpoint-url' at it. It checks no signature: any credentials do.",
      "",
      "Its clock is real time plus an offset that only grows: the HTTP control plane on the same"
          + " port (POST /_taskbridge/clock/advance, which 'taskbridge conformance' uses) moves it"
          + " forward to fire timeouts early, and can inject faults. The control plane is served"
          + " when listening on loopback (the default)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "2:usage error",
      "4:could not listen (port in use, address not local)",
      "130:stopped by Ctrl-C (SIGINT), after closing the emulator",
      "143:stopped by SIGTERM (kill), after closing the emulator"
    })
final class EmulatorCommand implements Callable<Integer> {

  private final CliContext context;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "TCP port; default 0, a free port (the line printed says which).")
  int port;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description =
          "Address to listen on; default the loopback address. The emulator has no"
              + " authentication: bind elsewhere only on a trusted network.")
  @Nullable String bind;

  @Option(
      names = "--poll-wait",
      paramLabel = "SECONDS",
      description =
          "How long an idle long poll (GetActivityTask, PollForActivityTask,"
              + " PollForDecisionTask) is held before it answers empty; default 60, as the"
              + " services do. Real time: the control plane's clock does not shorten it.")
  int pollWaitSeconds = 60;

  EmulatorCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (port < 0 || port > 65535) {
      throw new UsageException("--port must be 0 to 65535");
    }
    if (pollWaitSeconds < 1 || pollWaitSeconds > 60) {
      throw new UsageException("--poll-wait must be 1 to 60 seconds");
    }
    InetAddress address;
    try {
      address = bind == null ? InetAddress.getLoopbackAddress() : InetAddress.getByName(bind);
    } catch (UnknownHostException e) {
      throw new UsageException("--bind: unknown address '" + bind + "'");
    }
    LocalBackend backend;
    try {
      backend =
          LocalBackend.builder()
              .port(port)
              .bindAddress(address)
              .pollMaxWait(Duration.ofSeconds(pollWaitSeconds))
              .start();
    } catch (UncheckedIOException e) {
      context
          .err()
          .println(
              "taskbridge emulator: cannot listen on "
                  + address.getHostAddress()
                  + ":"
                  + port
                  + " ("
                  + String.valueOf(e.getMessage())
                  + ")");
      return ExitCodes.COULD_NOT_RUN;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              backend.close();
              stopped.countDown();
            },
            "taskbridge-emulator-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    if (!address.isLoopbackAddress()) {
      context
          .err()
          .println(
              "taskbridge emulator: warning: listening on a non-loopback address; anyone who can"
                  + " reach it can use it");
    }
    context.out().println("taskbridge emulator listening on " + backend.endpoint());
    context.out().flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      backend.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or has run: the JVM is on its way out anyway.
      }
    }
    context.err().println("taskbridge emulator: stopped");
    return ExitCodes.OK;
  }
}
