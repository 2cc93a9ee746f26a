package dev.taskbridge.cli;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.FieldPolicy;
import dev.taskbridge.api.InvalidTaskFailureException;
import dev.taskbridge.api.ReporterOptions;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskFailureReporter;
import dev.taskbridge.api.TaskReportException;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.sfn.SfnTaskFailureReporter;
import dev.taskbridge.swf.SwfTaskFailureReporter;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.swf.SwfClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * {@code taskbridge report}: fails one task, like {@code aws stepfunctions send-task-failure} or
 * {@code aws swf respond-activity-task-failed}, with taskbridge's field rules, retries and exit
 * codes. Never prints the token, the error or the cause.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {
      "Fail a task: Step Functions SendTaskFailure (taskToken, error, cause) or SWF"
          + " RespondActivityTaskFailed (taskToken, reason, details), with taskbridge's field"
          + " rules and retries. Prints nothing on success; on a refusal, one line on stderr that"
          + " never shows the token, error or cause.",
      "",
      "Region: --region, else AWS_REGION, else us-east-1 when --endpoint-url is given, else the"
          + " SDK's default chain. Credentials: the default AWS chain, except dummy static"
          + " credentials when --endpoint-url is on loopback (localhost, 127.0.0.0/8, ::1), so"
          + " the emulator needs no AWS credentials."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      " 0:accepted (or a skeleton printed)",
      " 2:usage error",
      " 3:invalid task failure or token (field rule, --field-policy REJECT); nothing sent",
      " 4:could not run (e.g. no credentials)",
      "10:TASK_GONE: closed, timed out or unknown (TaskTimedOut, TaskDoesNotExist;"
          + " UnknownResourceFault)",
      "11:INVALID_TOKEN: malformed token (InvalidToken; ValidationException on the token)",
      "12:NOT_PERMITTED (AccessDeniedException, KmsAccessDeniedException;"
          + " OperationNotPermittedFault)",
      "13:ENCRYPTION_KEY_UNUSABLE (KmsInvalidStateException)",
      "14:REJECTED: other 4xx, ValidationException",
      "15:THROTTLED, after retries (ThrottlingException, KmsThrottlingException,"
          + " LimitExceededFault, 429)",
      "16:UNAVAILABLE, after retries (5xx, I/O errors, timeouts)"
    })
final class ReportCommand implements Callable<Integer> {

  /** What {@code --generate-cli-skeleton} prints. */
  enum Skeleton {
    INPUT,
    OUTPUT
  }

  private final CliContext context;

  @Option(
      names = "--backend",
      required = true,
      paramLabel = "sfn|swf",
      description = "The backend that issued the token: sfn (Step Functions) or swf.")
  Backend backend = Backend.SFN;

  @Option(
      names = "--task-token",
      paramLabel = "TOKEN",
      description = "The task token (required, here or in --cli-input-json).")
  @Nullable String taskToken;

  @Option(
      names = "--error",
      paramLabel = "ERROR",
      description = "sfn: the error name, e.g. com.example.PaymentDeclined.")
  @Nullable String error;

  @Option(names = "--cause", paramLabel = "CAUSE", description = "sfn: the cause (details).")
  @Nullable String cause;

  @Option(
      names = "--reason",
      paramLabel = "REASON",
      description = "swf: the reason (what sfn calls the error).")
  @Nullable String reason;

  @Option(
      names = "--details",
      paramLabel = "DETAILS",
      description = "swf: the details (what sfn calls the cause).")
  @Nullable String details;

  @Option(
      names = "--endpoint-url",
      paramLabel = "URL",
      description = "The service endpoint, e.g. http://127.0.0.1:4566 for the emulator.")
  @Nullable String endpointUrl;

  @Option(names = "--region", paramLabel = "REGION", description = "The region to sign for.")
  @Nullable String region;

  @Option(
      names = "--field-policy",
      paramLabel = "TRUNCATE|REJECT",
      description =
          "An over-long field, a lone surrogate or a States. error name: TRUNCATE repairs it"
              + " (default), REJECT exits 3 and sends nothing.")
  FieldPolicy fieldPolicy = FieldPolicy.TRUNCATE;

  @Option(
      names = "--cli-input-json",
      paramLabel = "JSON",
      description =
          "The request as JSON, inline or file://path, with the AWS CLI's member names (sfn:"
              + " taskToken, error, cause; swf: taskToken, reason, details). Options given"
              + " explicitly override it.")
  @Nullable String cliInputJson;

  @Option(
      names = "--generate-cli-skeleton",
      arity = "0..1",
      fallbackValue = "input",
      paramLabel = "input|output",
      description =
          "Print the JSON skeleton of the request (input, the default) or of the response"
              + " (output) for --backend, and exit without calling anything.")
  @Nullable Skeleton skeleton;

  ReportCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    if (skeleton != null) {
      context
          .out()
          .println(
              skeleton == Skeleton.INPUT
                  ? CliInput.inputSkeleton(backend)
                  : CliInput.outputSkeleton());
      return ExitCodes.OK;
    }
    checkOptionNames();
    CliInput input =
        cliInputJson == null ? CliInput.empty() : CliInput.parse(cliInputJson, backend);
    String token = firstNonNull(taskToken, input.get("taskToken"));
    if (token == null || token.isEmpty()) {
      throw new UsageException(
          "missing required option '--task-token' (or \"taskToken\" in --cli-input-json)");
    }
    boolean sfn = backend == Backend.SFN;
    String errorValue =
        sfn ? firstNonNull(error, input.get("error")) : firstNonNull(reason, input.get("reason"));
    String causeValue =
        sfn ? firstNonNull(cause, input.get("cause")) : firstNonNull(details, input.get("details"));
    URI endpoint = endpointUrl == null ? null : AwsSettings.endpoint("--endpoint-url", endpointUrl);
    Region signingRegion = AwsSettings.region(region, context, endpoint != null);
    String name = "taskbridge report";
    TaskToken taskTokenValue;
    try {
      taskTokenValue = TaskToken.of(backend, token);
    } catch (IllegalArgumentException e) {
      // The message names the field and the limit, never the value.
      context.err().println(name + ": invalid: " + e.getMessage() + "; nothing was sent");
      return ExitCodes.INVALID_INPUT;
    }
    TaskFailure failure = TaskFailure.of(errorValue, causeValue);
    AwsCredentialsProvider credentials = AwsSettings.credentials(endpoint);
    try {
      return send(taskTokenValue, failure, endpoint, signingRegion, credentials);
    } finally {
      if (credentials instanceof SdkAutoCloseable closeable) {
        closeable.close();
      }
    }
  }

  private int send(
      TaskToken token,
      TaskFailure failure,
      @Nullable URI endpoint,
      Region signingRegion,
      AwsCredentialsProvider credentials) {
    String name = "taskbridge report";
    try {
      // Up front: without credentials the SDK fails every attempt client-side, which the
      // reporter would retry until its deadline and report as UNAVAILABLE.
      credentials.resolveCredentials();
    } catch (SdkClientException e) {
      context
          .err()
          .println(
              name
                  + ": no AWS credentials found by the default provider chain (environment,"
                  + " profile, container, instance metadata); set AWS_PROFILE or"
                  + " AWS_ACCESS_KEY_ID, or give a loopback --endpoint-url for the emulator");
      return ExitCodes.COULD_NOT_RUN;
    }
    ReporterOptions options = ReporterOptions.builder().fieldPolicy(fieldPolicy).build();
    try {
      if (backend == Backend.SFN) {
        try (SfnClient client = client(SfnClient.builder(), endpoint, signingRegion, credentials)) {
          report(SfnTaskFailureReporter.create(client, options), token, failure);
        }
      } else {
        try (SwfClient client = client(SwfClient.builder(), endpoint, signingRegion, credentials)) {
          report(SwfTaskFailureReporter.create(client, options), token, failure);
        }
      }
      return ExitCodes.OK;
    } catch (TaskReportException e) {
      context.err().println(name + ": " + e.getMessage());
      return ExitCodes.of(e.outcome());
    } catch (InvalidTaskFailureException e) {
      // The message names the field, the rule and the limit, never the value.
      context
          .err()
          .println(name + ": invalid task failure: " + e.getMessage() + "; nothing was sent");
      return ExitCodes.INVALID_INPUT;
    } catch (SdkClientException e) {
      // Client-side SDK trouble outside a report attempt (client configuration): the SDK's words.
      context.err().println(name + ": " + e.getMessage());
      return ExitCodes.COULD_NOT_RUN;
    }
  }

  private static void report(TaskFailureReporter reporter, TaskToken token, TaskFailure failure) {
    reporter.report(token, failure);
  }

  /** --error/--cause are the Step Functions names, --reason/--details the SWF names. */
  private void checkOptionNames() {
    String b = backend.name().toLowerCase(Locale.ROOT);
    if (backend == Backend.SFN && (reason != null || details != null)) {
      throw new UsageException(
          (reason != null ? "--reason" : "--details")
              + " is an SWF option; for --backend "
              + b
              + " use --error and --cause");
    }
    if (backend == Backend.SWF && (error != null || cause != null)) {
      throw new UsageException(
          (error != null ? "--error" : "--cause")
              + " is a Step Functions option; for --backend "
              + b
              + " use --reason and --details");
    }
  }

  private static @Nullable String firstNonNull(@Nullable String a, @Nullable String b) {
    return a != null ? a : b;
  }

  /** Builds a client on the URL connection HTTP client, at the endpoint if one is given. */
  private static <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C client(
      B builder, @Nullable URI endpoint, Region region, AwsCredentialsProvider credentials) {
    builder
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .region(region)
        .credentialsProvider(credentials);
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }
}
