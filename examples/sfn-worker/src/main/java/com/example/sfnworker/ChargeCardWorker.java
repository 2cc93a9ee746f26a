package com.example.sfnworker;

import dev.taskbridge.api.Backend;
import dev.taskbridge.api.TaskFailure;
import dev.taskbridge.api.TaskFailureReporter;
import dev.taskbridge.api.TaskGoneException;
import dev.taskbridge.api.TaskToken;
import dev.taskbridge.sfn.SfnTaskFailureReporter;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;

/**
 * A Step Functions activity worker in plain Java: it takes a task, runs the handler on its input
 * and reports the outcome; a handler's exception becomes the task's failure through {@link
 * TaskFailure#from(Throwable)}.
 */
public final class ChargeCardWorker {

  private final SfnClient sfn;
  private final TaskFailureReporter reporter;
  private final String activityArn;
  private final UnaryOperator<String> handler;

  /** A worker on {@code activityArn}; it borrows {@code sfn}, which the caller closes. */
  public ChargeCardWorker(SfnClient sfn, String activityArn, UnaryOperator<String> handler) {
    this.sfn = sfn;
    this.reporter = SfnTaskFailureReporter.create(sfn);
    this.activityArn = activityArn;
    this.handler = handler;
  }

  /**
   * Waits for one task (one long poll) and handles it.
   *
   * @return false when the poll returned no task
   */
  public boolean pollOnce() {
    GetActivityTaskResponse task =
        sfn.getActivityTask(b -> b.activityArn(activityArn).workerName("charge-card"));
    String taskToken = task.taskToken();
    if (taskToken == null || taskToken.isEmpty()) {
      return false;
    }
    String output;
    try {
      output = handler.apply(task.input());
    } catch (RuntimeException e) {
      TaskToken token = TaskToken.of(Backend.SFN, taskToken);
      try {
        // Error: the @ErrorCode, else the class name. Cause: Lambda-style JSON of the exception.
        reporter.report(token, TaskFailure.from(e));
      } catch (TaskGoneException gone) {
        // Timed out or closed meanwhile: nobody is waiting for this answer any more.
      }
      return true;
    }
    sfn.sendTaskSuccess(b -> b.taskToken(taskToken).output(output));
    return true;
  }

  /** Charges cards until stopped: {@code java ... ChargeCardWorker <activity ARN>}. */
  public static void main(String[] args) {
    if (args.length != 1) {
      System.err.println("usage: ChargeCardWorker <activity ARN>");
      System.exit(2);
    }
    try (SfnClient sfn =
        SfnClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
      ChargeCardWorker worker = new ChargeCardWorker(sfn, args[0], ChargeCardWorker::charge);
      while (!Thread.currentThread().isInterrupted()) {
        worker.pollOnce();
      }
    }
  }

  /** The business logic: declines every card whose number ends in 0002. */
  static String charge(String input) {
    if (input.contains("0002\"")) {
      throw new PaymentDeclinedException("card declined by the issuer");
    }
    return "{\"charged\":true}";
  }
}
