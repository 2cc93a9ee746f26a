package dev.taskbridge.benchmarks;

import java.util.Random;

/**
 * The values every benchmark reports, of typical sizes: a task token of ~600 characters (real Step
 * Functions tokens are), an error code of ~40 and a Lambda-style JSON cause of ~2 KB. Fixed seeds:
 * the same bytes in every run and in every fork.
 */
final class Payloads {

  /** A typical error code, 40 characters. */
  static final String ERROR = "com.example.payments.PaymentDeclinedError";

  /** A typical Lambda-style cause, about 2 KB of JSON. */
  static final String CAUSE = cause();

  /** A token of 600 characters in the base64url alphabet, like a real Step Functions token. */
  static final String TOKEN = token(600, 7);

  private Payloads() {}

  static String token(int length, long seed) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    Random random = new Random(seed);
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  private static String cause() {
    StringBuilder sb = new StringBuilder(2100);
    sb.append("{\"errorMessage\":\"card declined by the issuer: insufficient funds\",")
        .append("\"errorType\":\"com.example.payments.PaymentDeclinedException\",")
        .append("\"stackTrace\":[");
    for (int i = 0; i < 22; i++) {
      if (i > 0) {
        sb.append(',');
      }
      sb.append("\"com.example.payments.Gateway")
          .append(i)
          .append(".charge(Gateway.java:")
          .append(40 + i)
          .append(")\"");
    }
    sb.append("]}");
    return sb.toString();
  }
}
