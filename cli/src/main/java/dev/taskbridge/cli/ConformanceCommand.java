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
import java.util.List;
import java.util.Locale;
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
          + " and print the matrix: rule x backend -> PASS, FAIL or SKIP, with the wire code seen.",
      "",
      "Without an endpoint it starts the embedded emulator. A standalone taskbridge emulator"
          + " ('taskbridge emulator') gives the same matrix; against other endpoints (LocalStack,"
          + " AWS) rules that need a controllable clock or fault injection are skipped, with the"
          + " reason.",
      "Progress goes to stderr, one line per rule and backend; the matrix goes to stdout."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:no rule failed (skips are not failures)",
      "1:at least one rule failed",
      "2:usage error",
      "4:a report file could not be written"
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
      description =
          "Region to sign for (with an endpoint); default AWS_REGION, else " + "us-east-1.")
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
    for (Path report : reports) {
      format(report);
    }
    PrintStream err = context.err();
    Matrix matrix;
    try (Target target = target()) {
      err.println("taskbridge conformance: running against " + target.name());
      matrix = ConformanceKit.builder().target(target).listener(new Progress(err)).build().run();
    }
    context.out().print(matrix.toText());
    context.out().flush();
    for (Path report : reports) {
      String text =
          format(report) == ReportFormat.MARKDOWN ? matrix.toMarkdown() : matrix.toJUnitXml();
      try {
        Path parent = report.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        Files.writeString(report, text, StandardCharsets.UTF_8);
        err.println("taskbridge conformance: wrote " + report);
      } catch (IOException e) {
        err.println(
            "taskbridge conformance: cannot write "
                + report
                + ": "
                + e.getClass().getSimpleName()
                + " "
                + e.getMessage());
        return ExitCodes.COULD_NOT_RUN;
      }
    }
    return matrix.passed() ? ExitCodes.OK : ExitCodes.CONFORMANCE_FAILED;
  }

  private Target target() {
    if (sfnEndpointUrl == null && swfEndpointUrl == null) {
      if (useDefaultCredentials || region != null) {
        throw new UsageException(
            "--region and --use-default-credentials need --sfn-endpoint-url or --swf-endpoint-url");
      }
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

  /** One line per rule and backend on stderr: {@code R07 SFN ... PASS InvalidToken}. */
  private static final class Progress implements ConformanceListener {
    private final PrintStream err;

    Progress(PrintStream err) {
      this.err = err;
    }

    @Override
    public void started(Rule rule, Backend backend) {
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
