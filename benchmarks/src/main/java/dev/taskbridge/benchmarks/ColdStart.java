package dev.taskbridge.benchmarks;

import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.taskbridge.api.Backend;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskFailureReporter;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.guice.RoutingReporterModule;
import dev.taskbridge.sfn.SfnBindingModule;
import dev.taskbridge.sfn.SfnTaskFailureReporter;
import dev.taskbridge.swf.SwfBindingModule;
import dev.taskbridge.swf.SwfTaskFailureReporter;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * The programs {@link ColdStartHarness} launches, one fresh JVM each: create the client, the
 * reporter (or not), complete one report against the emulator, close the client, exit. Arguments:
 * the emulator endpoint and the token of an open task. Each is its own class so that a JVM loads
 * only what its path needs. The HTTP client is {@code url-connection-client}, the fastest to start
 * for blocking use.
 */
final class ColdStart {

  private ColdStart() {}

  /**
   * Prints the CPU time this process has used so far (user + system, all its threads: JIT and GC
   * included), as {@code cpuMillis=N} on standard output, from {@code /proc/self/stat} (Linux;
   * nothing elsewhere). Other processes' load stretches a cold start's wall time; it hardly changes
   * the CPU the start-up costs. Called last, so it adds the same few hundred microseconds to every
   * program.
   */
  static void printCpuTime() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      // Fields after the command name, which is in parentheses and may contain spaces.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime (fields 14, 15)
      System.out.println("cpuMillis=" + ticks * 1000 / CLOCK_TICKS_PER_SECOND);
    } catch (IOException | RuntimeException e) {
      // not Linux: wall time only
    }
  }

  /** {@code getconf CLK_TCK}: 100 on every Linux architecture the JDK supports. */
  private static final long CLOCK_TICKS_PER_SECOND = 100;

  static SfnClient sfn(String endpoint) {
    return Clients.sfn(URI.create(endpoint), UrlConnectionHttpClient.create());
  }

  static SwfClient swf(String endpoint) {
    return Clients.swf(URI.create(endpoint), UrlConnectionHttpClient.create());
  }

  /** Step Functions, raw SDK: {@code sendTaskFailure}. */
  static final class SfnRaw {
    public static void main(String[] args) {
      try (SfnClient sfn = sfn(args[0])) {
        sfn.sendTaskFailure(b -> b.taskToken(args[1]).error(Payloads.ERROR).cause(Payloads.CAUSE));
      }
      printCpuTime();
    }

    private SfnRaw() {}
  }

  /** Step Functions through {@code SfnTaskFailureReporter.create}. */
  static final class SfnAdapter {
    public static void main(String[] args) {
      try (SfnClient sfn = sfn(args[0])) {
        TaskFailureReporter reporter = SfnTaskFailureReporter.create(sfn);
        reporter.report(
            TaskToken.of(Backend.SFN, args[1]), TaskFailure.of(Payloads.ERROR, Payloads.CAUSE));
      }
      printCpuTime();
    }

    private SfnAdapter() {}
  }

  /** Step Functions through Guice: binding module and routing module. */
  static final class SfnGuice {
    public static void main(String[] args) {
      try (SfnClient sfn = sfn(args[0])) {
        Injector injector =
            Guice.createInjector(
                binder -> binder.bind(SfnClient.class).toInstance(sfn),
                SfnBindingModule.withSyncClient(),
                new RoutingReporterModule(Backend.SFN));
        injector
            .getInstance(TaskFailureReporter.class)
            .report(
                TaskToken.of(Backend.SFN, args[1]), TaskFailure.of(Payloads.ERROR, Payloads.CAUSE));
      }
      printCpuTime();
    }

    private SfnGuice() {}
  }

  /**
   * Step Functions, raw SDK in an application wired with Guice: the injector provides the client,
   * and the report is the raw {@code sendTaskFailure}. The baseline for {@link SfnGuice}: an
   * application that uses Guice pays for Guice whether or not it uses taskbridge.
   */
  static final class SfnRawGuice {
    public static void main(String[] args) {
      try (SfnClient sfn = sfn(args[0])) {
        Injector injector =
            Guice.createInjector(binder -> binder.bind(SfnClient.class).toInstance(sfn));
        injector
            .getInstance(SfnClient.class)
            .sendTaskFailure(b -> b.taskToken(args[1]).error(Payloads.ERROR).cause(Payloads.CAUSE));
      }
      printCpuTime();
    }

    private SfnRawGuice() {}
  }

  /** SWF, raw SDK: {@code respondActivityTaskFailed}. */
  static final class SwfRaw {
    public static void main(String[] args) {
      try (SwfClient swf = swf(args[0])) {
        swf.respondActivityTaskFailed(
            b -> b.taskToken(args[1]).reason(Payloads.ERROR).details(Payloads.CAUSE));
      }
      printCpuTime();
    }

    private SwfRaw() {}
  }

  /** SWF through {@code SwfTaskFailureReporter.create}. */
  static final class SwfAdapter {
    public static void main(String[] args) {
      try (SwfClient swf = swf(args[0])) {
        SwfTaskFailureReporter.create(swf)
            .report(
                TaskToken.of(Backend.SWF, args[1]), TaskFailure.of(Payloads.ERROR, Payloads.CAUSE));
      }
      printCpuTime();
    }

    private SwfAdapter() {}
  }

  /** SWF through Guice: binding module and routing module. */
  static final class SwfGuice {
    public static void main(String[] args) {
      try (SwfClient swf = swf(args[0])) {
        Injector injector =
            Guice.createInjector(
                binder -> binder.bind(SwfClient.class).toInstance(swf),
                SwfBindingModule.withSyncClient(),
                new RoutingReporterModule(Backend.SWF));
        injector
            .getInstance(TaskFailureReporter.class)
            .report(
                TaskToken.of(Backend.SWF, args[1]), TaskFailure.of(Payloads.ERROR, Payloads.CAUSE));
      }
      printCpuTime();
    }

    private SwfGuice() {}
  }

  /** SWF, raw SDK in an application wired with Guice (see {@link SfnRawGuice}). */
  static final class SwfRawGuice {
    public static void main(String[] args) {
      try (SwfClient swf = swf(args[0])) {
        Injector injector =
            Guice.createInjector(binder -> binder.bind(SwfClient.class).toInstance(swf));
        injector
            .getInstance(SwfClient.class)
            .respondActivityTaskFailed(
                b -> b.taskToken(args[1]).reason(Payloads.ERROR).details(Payloads.CAUSE));
      }
      printCpuTime();
    }

    private SwfRawGuice() {}
  }
}
