package com.example.twobackends;

import dev.taskbridge.api.TaskClient;
import dev.taskbridge.api.TaskSource;
import dev.taskbridge.sfn.SfnTaskClient;
import dev.taskbridge.swf.SwfTaskClient;
import dev.taskbridge.worker.ActivityWorker;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.swf.SwfClient;

/**
 * Serves {@link ChargeCard} from Amazon SWF or from AWS Step Functions; which one is configuration
 * alone. A team moving from SWF to Step Functions changes {@code BACKEND} and the source's name,
 * not the handler.
 *
 * <ul>
 *   <li>{@code BACKEND=sfn ACTIVITY_ARN=arn:aws:states:...:activity:charge-card}
 *   <li>{@code BACKEND=swf SWF_DOMAIN=billing SWF_TASK_LIST=charge-card}
 * </ul>
 */
public final class ChargeCardService implements AutoCloseable {

  private final ActivityWorker worker;

  private ChargeCardService(TaskClient client, TaskSource source) {
    this.worker =
        ActivityWorker.builder(client)
            .handle(source, new ChargeCard())
            .identity("charge-card-service")
            .concurrency(4)
            .build();
  }

  /**
   * The service for {@code config} ({@code BACKEND} and the source's names, as above), over the
   * client of that backend; it borrows the clients, which the caller closes.
   *
   * @throws IllegalArgumentException if {@code BACKEND} is neither {@code sfn} nor {@code swf}, or
   *     a name it needs is missing
   */
  public static ChargeCardService create(Map<String, String> config, SfnClient sfn, SwfClient swf) {
    String backend = config.getOrDefault("BACKEND", "");
    switch (backend) {
      case "sfn":
        return new ChargeCardService(
            SfnTaskClient.create(sfn), TaskSource.sfnActivity(need(config, "ACTIVITY_ARN")));
      case "swf":
        return new ChargeCardService(
            SwfTaskClient.create(swf),
            TaskSource.swfTaskList(need(config, "SWF_DOMAIN"), need(config, "SWF_TASK_LIST")));
      default:
        throw new IllegalArgumentException("BACKEND must be sfn or swf, was '" + backend + "'");
    }
  }

  private static String need(Map<String, String> config, String name) {
    String value = config.get(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(name + " is not set");
    }
    return value;
  }

  /** Starts polling. */
  public void start() {
    worker.start();
  }

  /** Shuts the worker down; no task is lost (see {@link ActivityWorker#shutdown}). */
  @Override
  public void close() {
    worker.close();
  }

  /** Runs until the process is stopped: configuration from the environment. */
  public static void main(String[] args) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopped.countDown();
                  try {
                    closed.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
    try (SfnClient sfn =
            SfnClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        SwfClient swf =
            SwfClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        ChargeCardService service = create(System.getenv(), sfn, swf)) {
      service.start();
      stopped.await();
    } finally {
      closed.countDown();
    }
  }
}
