package com.example.twobackends;

/** A declined card: its class name is the task's error on both backends. */
public final class CardDeclinedException extends Exception {
  private static final long serialVersionUID = 1L;

  CardDeclinedException(String message) {
    super(message);
  }
}
