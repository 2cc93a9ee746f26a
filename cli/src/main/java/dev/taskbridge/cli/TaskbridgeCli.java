package dev.taskbridge.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code taskbridge} command.
 *
 * <p>{@link #main} exits with the code {@link #run} returns; tests call {@link #run} in-process.
 * Every error ends as a message and an exit code (see {@link ExitCodes}), never a stack trace.
 */
@Command(
    name = "taskbridge",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    synopsisSubcommandLabel = "COMMAND",
    description = {
      "Report SWF and Step Functions task failures the same way on both backends, check a backend"
          + " against the contract, or run the local emulator."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      " 0:success",
      " 1:conformance: at least one rule failed",
      " 2:usage error (bad or missing arguments)",
      " 3:report: invalid task failure or token, nothing sent",
      " 4:could not run (cannot listen, cannot write a report, backend unreachable, no"
          + " credentials, ...)",
      "10-16:report: the backend refused the report (see 'taskbridge report --help')",
      "130, 143:emulator: stopped by Ctrl-C (SIGINT) or SIGTERM"
    })
public final class TaskbridgeCli implements Callable<Integer> {

  private TaskbridgeCli() {}

  /** Runs the command and exits with its exit code. */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(args, out, err));
  }

  /**
   * Runs the command with {@code args}, writing to {@code out} and {@code err}, and returns the
   * exit code. Never throws and never exits the JVM.
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, System.getenv());
  }

  static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
    CliContext context = new CliContext(out, err, env);
    CommandLine cli =
        new CommandLine(new TaskbridgeCli())
            .addSubcommand(new ConformanceCommand(context))
            .addSubcommand(new ReportCommand(context))
            .addSubcommand(new EmulatorCommand(context))
            .addSubcommand(new CommandLine.HelpCommand())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
            .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
            .setParameterExceptionHandler(TaskbridgeCli::usageError)
            .setExecutionExceptionHandler(TaskbridgeCli::executionError);
    try {
      return cli.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }

  @Override
  public Integer call() {
    throw new UsageException("missing command: conformance, report or emulator");
  }

  private static int usageError(ParameterException e, String[] args) {
    return printUsageError(e.getCommandLine(), describe(e));
  }

  private static int executionError(Exception e, CommandLine command, ParseResult parsed) {
    if (e instanceof UsageException) {
      return printUsageError(command, String.valueOf(e.getMessage()));
    }
    PrintWriter err = command.getErr();
    // Not the message: an unexpected exception's message is not known to be free of secrets.
    err.println(qualifiedName(command) + ": unexpected error (" + e.getClass().getName() + ")");
    err.flush();
    return ExitCodes.COULD_NOT_RUN;
  }

  static int printUsageError(CommandLine command, String message) {
    PrintWriter err = command.getErr();
    String name = qualifiedName(command);
    err.println(name + ": " + message);
    err.print(command.getHelp().synopsisHeading() + command.getHelp().synopsis(0));
    err.println("Try '" + name + " --help' for more information.");
    err.flush();
    return ExitCodes.USAGE;
  }

  private static String qualifiedName(CommandLine command) {
    return command.getCommandSpec().qualifiedName(" ");
  }

  /**
   * The message of a parse error. Picocli quotes unmatched arguments verbatim; an argument may be a
   * task token whose option name was mistyped or forgotten, so values are left out.
   */
  private static String describe(ParameterException e) {
    if (!(e instanceof UnmatchedArgumentException unmatched)) {
      return String.valueOf(e.getMessage());
    }
    List<String> args = unmatched.getUnmatched();
    if (args.isEmpty()) {
      return String.valueOf(e.getMessage());
    }
    String first = args.get(0);
    CommandSpec spec = e.getCommandLine().getCommandSpec();
    if (first.startsWith("-")) {
      int eq = first.indexOf('=');
      return "unknown option: '" + (eq < 0 ? first : first.substring(0, eq)) + "'";
    }
    if (!spec.subcommands().isEmpty() && spec.parent() == null) {
      return "unknown command: '" + first + "' (commands: conformance, report, emulator, help)";
    }
    return "unexpected argument (its value is not shown); every value needs its option name,"
        + " e.g. --task-token TOKEN";
  }
}
