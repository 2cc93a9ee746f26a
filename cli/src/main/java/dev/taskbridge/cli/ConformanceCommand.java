package dev.taskbridge.cli;

import dev.taskbridge.api.Backend;
import dev.taskbridge.conformance.ConformanceKit;
import dev.taskbridge.conformance.ConformanceListener;
import dev.taskbridge.conformance.Matrix;
import dev.taskbridge.conformance.Result;
import dev.taskbridge.conformance.Rule;
import dev.taskbridge.conformance.Target;
import dev.taskbridge.conformance.Targets;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code taskbridge conformance}: runs the conformance kit and prints the matrix. */
@Command(
    name = "conformance",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Run the conformance kit (every rule of conformance-tests/SPEC.md on Step Functions and SWF)"
          + " and print the matrix: rule x backend -> PASS, FAIL, SKIP or ERROR (the scenario could"
          + " not run), with the wire code seen.",
      "",
      "Without an endpoint it starts the embedded emulator. A standalone taskbridge emulator"
          + " ('taskbridge emulator') gives the same matrix; against other endpoints (LocalStack,"
          + " AWS) rules that need a controllable clock or fault injection are skipped, with the"
          + " reason.",
      "Progress goes to stderr, one line per rule and backend; the matrix goes to stdout. When"
          + " a backend cannot be reached (endpoint down, backend not served), no rule runs on it"
          + " and one line on stderr says why.",
      "SWF: the scenarios use one domain (--swf-domain), registered only if absent and reused by"
          + " every run, with workflow ids of their own."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no rule failed and every scenario ran (skips are not failures)",
      "1:at least one rule failed",
      "2:usage error",
      "4:could not run: a backend could not be reached (no rule ran on it), a scenario could not"
          + " run (ERROR), or a --report file is not writable (checked before the run)"
    })
final class ConformanceCommand implements Callable<Integer> {

  private final CliContext context;

  @Option(
      names = "--sfn-endpoint-url",
      paramLabel = "URL",
      description =
          "Step Functions endpoint; with only --swf-endpoint-url given, that one is used for both.")
  @Nullable String sfnEndpointUrl;

  @Option(
      names = "--swf-endpoint-url",
      paramLabel = "URL",
      description = "SWF endpoint; with only --sfn-endpoint-url given, that one is used for both.")
  @Nullable String swfEndpointUrl;

  @Option(
      names = "--region",
      paramLabel = "REGION",
      description = "Region to sign for (with an endpoint); default AWS_REGION, else us-east-1.")
  @Nullable String region;

  @Option(
      names = "--use-default-credentials",
      description =
          "With an endpoint: sign with the default AWS credential chain (real AWS). Default: dummy"
              + " static credentials, enough for emulators.")
  boolean useDefaultCredentials;

  @Option(
      names = "--sfn-role-arn",
      paramLabel = "ARN",
      description =
          "IAM role given to CreateStateMachine; AWS needs a real one. Default: ${DEFAULT-VALUE}.")
  String sfnRoleArn = Targets.PLACEHOLDER_ROLE_ARN;

  @Option(
      names = "--backend",
      paramLabel = "sfn|swf",
      description = "Run only this backend's scenarios; default both.")
  @Nullable Backend backend;

  @Option(
      names = "--swf-domain",
      paramLabel = "NAME",
      description =
          "SWF domain the scenarios use, registered only if absent and reused by every run (SWF"
              + " domains cannot be deleted; an account holds at most 100). Default:"
              + " ${DEFAULT-VALUE}.")
  String swfDomain = ConformanceKit.DEFAULT_SWF_DOMAIN;

  @Option(
      names = "--report",
      paramLabel = "FILE",
      description =
          "Also write the matrix to FILE: Markdown if it ends in .md, JUnit XML if it ends in .xml."
              + " Repeatable.")
  List<Path> reports = new ArrayList<>();

  ConformanceCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    // Usage errors first (exit 2), then what would make the run useless (exit 4), then the run.
    List<Report> outputs = reports();
    if (sfnEndpointUrl == null
        && swfEndpointUrl == null
        && (useDefaultCredentials || region != null)) {
      throw new UsageException(
          "--region and --use-default-credentials need --sfn-endpoint-url or --swf-endpoint-url");
    }
    ConformanceKit.Builder kit = ConformanceKit.builder();
    try {
      kit.swfDomain(swfDomain);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--swf-domain: " + e.getMessage());
    }
    for (Report report : outputs) {
      String problem = report.unwritable();
      if (problem != null) {
        context
            .err()
            .println("taskbridge conformance: cannot write " + report.path + ": " + problem);
        return ExitCodes.COULD_NOT_RUN;
      }
    }
    Set<Backend> selected = backend == null ? EnumSet.allOf(Backend.class) : EnumSet.of(backend);
    kit.backends(selected);
    PrintStream err = context.err();
    Matrix matrix;
    try (Target target = target()) {
      matrix = kit.target(target).listener(new Progress(err, target.name())).build().run();
    }
    boolean nothingRan = matrix.unreachable().keySet().containsAll(selected);
    if (!nothingRan) {
      context.out().print(matrix.toText());
      context.out().flush();
    }
    if (!matrix.unreachable().isEmpty()) {
      err.println(
          "taskbridge conformance: no rule could run on "
              + String.join("; ", matrix.unreachable().values())
              + (nothingRan
                  ? ""
                  : " (the other backend's matrix is on stdout; --backend runs one)"));
    }
    for (Report report : outputs) {
      String text =
          report.format == ReportFormat.MARKDOWN ? matrix.toMarkdown() : matrix.toJUnitXml();
      try {
        Files.writeString(report.path, text, StandardCharsets.UTF_8);
        if (!nothingRan) {
          err.println("taskbridge conformance: wrote " + report.path);
        }
      } catch (IOException e) {
        err.println(
            "taskbridge conformance: cannot write "
                + report.path
                + ": "
                + e.getClass().getSimpleName()
                + " "
                + e.getMessage());
        return ExitCodes.COULD_NOT_RUN;
      }
    }
    if (!matrix.unreachable().isEmpty()) {
      return ExitCodes.COULD_NOT_RUN;
    }
    if (matrix.count(Result.Status.FAIL) > 0) {
      return ExitCodes.CONFORMANCE_FAILED;
    }
    return matrix.count(Result.Status.ERROR) > 0 ? ExitCodes.COULD_NOT_RUN : ExitCodes.OK;
  }

  private List<Report> reports() {
    List<Report> all = new ArrayList<>();
    for (Path path : reports) {
      all.add(new Report(path, format(path)));
    }
    return all;
  }

  /** A --report file and its format. */
  private record Report(Path path, ReportFormat format) {

    /**
     * Null if the file can be written, else why not; creates missing parent directories and leaves
     * no file behind that was not there.
     */
    @Nullable String unwritable() {
      try {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        if (Files.isDirectory(path)) {
          return "it is a directory";
        }
        if (Files.exists(path)) {
          return Files.isWritable(path) ? null : "it is not writable";
        }
        Files.createFile(path);
        Files.delete(path);
        return null;
      } catch (IOException | SecurityException e) {
        return e.getClass().getSimpleName() + " " + e.getMessage();
      }
    }
  }

  private Target target() {
    if (sfnEndpointUrl == null && swfEndpointUrl == null) {
      return Targets.embeddedEmulator();
    }
    URI sfn =
        AwsSettings.endpoint(
            sfnEndpointUrl != null ? "--sfn-endpoint-url" : "--swf-endpoint-url",
            sfnEndpointUrl != null ? sfnEndpointUrl : requireNonNull(swfEndpointUrl));
    URI swf =
        swfEndpointUrl != null ? AwsSettings.endpoint("--swf-endpoint-url", swfEndpointUrl) : sfn;
    String name = sfn.equals(swf) ? "endpoint " + sfn : "endpoints sfn=" + sfn + " swf=" + swf;
    return Targets.endpoint(
        name,
        sfn,
        swf,
        AwsSettings.region(region, context, true),
        useDefaultCredentials,
        sfnRoleArn);
  }

  private static String requireNonNull(@Nullable String s) {
    if (s == null) {
      throw new IllegalStateException("no endpoint");
    }
    return s;
  }

  private enum ReportFormat {
    MARKDOWN,
    JUNIT_XML
  }

  private static ReportFormat format(Path report) {
    Path fileName = report.getFileName();
    String name = fileName == null ? "" : fileName.toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".md")) {
      return ReportFormat.MARKDOWN;
    }
    if (name.endsWith(".xml")) {
      return ReportFormat.JUNIT_XML;
    }
    throw new UsageException(
        "--report " + report + ": the file name must end in .md (Markdown) or .xml (JUnit XML)");
  }

  /**
   * One line per rule and backend on stderr: {@code R07 SFN ... PASS InvalidToken}, after a header
   * line printed when the first scenario starts (so a run where nothing could run prints only the
   * line that says why).
   */
  private static final class Progress implements ConformanceListener {
    private final PrintStream err;
    private final String targetName;
    private boolean started;

    Progress(PrintStream err, String targetName) {
      this.err = err;
      this.targetName = targetName;
    }

    @Override
    public void started(Rule rule, Backend backend) {
      if (!started) {
        started = true;
        err.println("taskbridge conformance: running against " + targetName);
      }
      err.print(rule + " " + backend + " ... ");
      err.flush();
    }

    @Override
    public void finished(Result result) {
      err.println(
          result.status()
              + (result.wireCode() == null ? "" : " " + result.wireCode())
              + String.format(Locale.ROOT, " (%d ms)", result.elapsed().toMillis()));
      err.flush();
    }
  }
}
