package com.example.twobackends;

import dev.taskbridge.api.ActivityTask;
import dev.taskbridge.worker.ActivityContext;
import dev.taskbridge.worker.ActivityHandler;

/**
 * The business logic, written once: it knows nothing of SWF or Step Functions. It declines every
 * card whose number ends in 0002; the exception's class name becomes the task's error (SWF reason,
 * Step Functions error), which a decider or a {@code Catch} matches.
 */
public final class ChargeCard implements ActivityHandler {

  @Override
  public String handle(ActivityTask task, ActivityContext context) throws CardDeclinedException {
    String input = task.input() == null ? "" : task.input();
    if (input.contains("0002\"")) {
      throw new CardDeclinedException("card declined by the issuer");
    }
    return "{\"charged\":true}";
  }
}
