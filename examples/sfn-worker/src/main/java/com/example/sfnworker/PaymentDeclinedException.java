package com.example.sfnworker;

import dev.taskbridge.api.ErrorCode;

/** The card was declined: reported with the stable error code a state machine can catch. */
@ErrorCode("Payment.Declined")
public final class PaymentDeclinedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A decline, with a message for the people reading the cause. */
  public PaymentDeclinedException(String message) {
    super(message);
  }
}
