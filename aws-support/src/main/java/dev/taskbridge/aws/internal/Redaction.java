package dev.taskbridge.aws.internal;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Keeps sent values (the task token, error and cause, and any other secret a call sends) out of
 * exception messages.
 *
 * <p>A backend may echo what it was sent, whole or in part: Coral's validation messages quote the
 * offending value ("Value 'xyz' at 'reason' failed to satisfy constraint ..."), a proxy may quote
 * the body cut at N characters, and SWF fields are not marked sensitive. The SDK copies that text
 * into the exception message and into one suppressed exception per retried attempt.
 *
 * <p>Every secret is looked for in the original text, never in text already partly replaced, and
 * the union of what was found is replaced, each maximal run by one {@value #MARK}:
 *
 * <ul>
 *   <li>every run of {@value #MIN_ECHO} or more characters that is a substring of a secret (a whole
 *       echo, a cut one, or only its middle): each window of {@value #MIN_ECHO} characters of the
 *       text whose content occurs in a secret is replaced;
 *   <li>every whole occurrence of a secret of {@value #MIN_SECRET} to {@value #MIN_ECHO} - 1
 *       characters.
 * </ul>
 *
 * <p>Shorter secrets are left alone: they occur in ordinary text by chance ("Tas" in "Task Timed
 * Out"); replacing them would garble the message without protecting anything.
 *
 * <p>The windows are found with a rolling hash over the secrets' {@value #MIN_ECHO}-character
 * windows, so cleaning a text of n characters takes O(n) whatever the size of the secrets. A hash
 * collision can only replace more, never less.
 */
final class Redaction {

  static final String MARK = "<redacted>";

  /** Echoes of at least this many characters of a secret are replaced wherever they occur. */
  static final int MIN_ECHO = 8;

  /** Secrets shorter than this are not looked for. */
  static final int MIN_SECRET = 4;

  /** Exceptions nested deeper than this (causes and suppressed) are dropped from a copy. */
  private static final int MAX_DEPTH = 32;

  /** An odd multiplier; arithmetic wraps modulo 2^64. */
  private static final long BASE = 0x9E3779B97F4A7C15L;

  /** BASE^(MIN_ECHO - 1), to remove the character leaving the window. */
  private static final long TOP = power(BASE, MIN_ECHO - 1);

  private final Set<Long> windows;
  private final String[] shortSecrets;

  /**
   * A redaction of {@code secrets}; null, empty and short values are ignored.
   *
   * @param secrets every value the call sent that must not appear in a message
   */
  Redaction(List<? extends @Nullable String> secrets) {
    Set<Long> w = new HashSet<>();
    Set<String> shorts = new HashSet<>();
    for (String s : secrets) {
      if (s == null || s.length() < MIN_SECRET) {
        continue;
      }
      if (s.length() < MIN_ECHO) {
        shorts.add(s);
        continue;
      }
      long h = 0;
      for (int i = 0; i < s.length(); i++) {
        h = roll(h, i >= MIN_ECHO ? s.charAt(i - MIN_ECHO) : -1, s.charAt(i));
        if (i >= MIN_ECHO - 1) {
          w.add(h);
        }
      }
    }
    this.windows = w;
    String[] sorted = shorts.toArray(new String[0]);
    Arrays.sort(sorted);
    this.shortSecrets = sorted;
  }

  /** A redaction of the given values. */
  static Redaction of(@Nullable String... secrets) {
    return new Redaction(Arrays.asList(secrets));
  }

  private static long power(long base, int exponent) {
    long r = 1;
    for (int i = 0; i < exponent; i++) {
      r *= base;
    }
    return r;
  }

  /** The hash of a window after {@code leaving} (or nothing, when -1) left and {@code entering}. */
  private static long roll(long hash, int leaving, char entering) {
    long h = leaving < 0 ? hash : hash - (leaving + 1L) * TOP;
    return h * BASE + entering + 1;
  }

  /** {@code text} with every echo replaced; the same object when there was none. */
  @Nullable String clean(@Nullable String text) {
    if (text == null) {
      return null;
    }
    BitSet hit = hits(text);
    if (hit == null) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      int start = hit.nextSetBit(i);
      if (start < 0) {
        sb.append(text, i, text.length());
        break;
      }
      int end = hit.nextClearBit(start);
      sb.append(text, i, start).append(MARK);
      i = end;
    }
    return sb.toString();
  }

  /** Whether {@code text} holds an echo of a secret. */
  boolean leaks(@Nullable String text) {
    return text != null && hits(text) != null;
  }

  /** The positions of {@code text} to replace, found in the original text; null when none. */
  private @Nullable BitSet hits(String text) {
    BitSet hit = null;
    if (!windows.isEmpty() && text.length() >= MIN_ECHO) {
      long h = 0;
      for (int i = 0; i < text.length(); i++) {
        h = roll(h, i >= MIN_ECHO ? text.charAt(i - MIN_ECHO) : -1, text.charAt(i));
        if (i >= MIN_ECHO - 1 && windows.contains(h)) {
          if (hit == null) {
            hit = new BitSet(text.length());
          }
          hit.set(i - MIN_ECHO + 1, i + 1);
        }
      }
    }
    for (String secret : shortSecrets) {
      for (int at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) {
        if (hit == null) {
          hit = new BitSet(text.length());
        }
        hit.set(at, at + secret.length());
      }
    }
    return hit;
  }

  /**
   * {@code e} itself if no message in it, its causes or its suppressed exceptions holds an echo;
   * otherwise a copy: an SDK exception as a cleaned copy of the same type (see {@link
   * #clean(SdkException)}), anything else as an {@code SdkException} whose message is the type's
   * name and the cleaned message, with the same stack trace.
   */
  RuntimeException clean(RuntimeException e) {
    Throwable cleaned = clean(e, 0, newSeen());
    return cleaned instanceof RuntimeException r ? r : e;
  }

  /**
   * {@code e} itself if no message in it holds an echo; otherwise a copy of the same type with
   * cleaned messages, no raw response body, and cleaned causes and suppressed exceptions.
   */
  SdkException clean(SdkException e) {
    return (SdkException) clean(e, 0, newSeen());
  }

  private static Set<Throwable> newSeen() {
    return Collections.newSetFromMap(new IdentityHashMap<>());
  }

  /** Whether {@code t} or anything nested in it shows an echo. */
  private boolean leaksAnywhere(Throwable t, int depth, Set<Throwable> seen) {
    if (depth > MAX_DEPTH || !seen.add(t)) {
      return false;
    }
    if (leaks(t.getMessage())) {
      return true;
    }
    if (t instanceof AwsServiceException ase
        && ase.awsErrorDetails() != null
        && leaks(ase.awsErrorDetails().errorMessage())) {
      return true;
    }
    Throwable cause = t.getCause();
    if (cause != null && cause != t && leaksAnywhere(cause, depth + 1, seen)) {
      return true;
    }
    for (Throwable s : t.getSuppressed()) {
      if (leaksAnywhere(s, depth + 1, seen)) {
        return true;
      }
    }
    return false;
  }

  // clean() hands back its argument when there is nothing to replace.
  @SuppressWarnings("ReferenceEquality")
  private Throwable clean(Throwable t, int depth, Set<Throwable> seen) {
    if (!leaksAnywhere(t, depth, newSeen())) {
      return t;
    }
    if (!seen.add(t)) {
      // A cycle or a shared exception: its cleaned copy is already in the graph once.
      return SdkException.builder().message(MARK).writableStackTrace(false).build();
    }
    Throwable cause = t.getCause();
    Throwable cleanCause =
        cause == null || cause == t || depth >= MAX_DEPTH ? null : clean(cause, depth + 1, seen);
    Throwable copy;
    if (t instanceof SdkException sdk) {
      SdkException.Builder b = sdk.toBuilder().message(clean(sdk.getMessage())).cause(cleanCause);
      if (sdk instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
        AwsErrorDetails d = ase.awsErrorDetails();
        ((AwsServiceException.Builder) b)
            .awsErrorDetails(
                d.toBuilder().errorMessage(clean(d.errorMessage())).rawResponse(null).build());
      }
      copy = b.build();
    } else {
      copy =
          SdkException.builder()
              .message(t.getClass().getName() + ": " + clean(t.getMessage()))
              .cause(cleanCause)
              .build();
    }
    copy.setStackTrace(t.getStackTrace());
    if (depth < MAX_DEPTH) {
      for (Throwable s : t.getSuppressed()) {
        copy.addSuppressed(clean(s, depth + 1, seen));
      }
    }
    return copy;
  }
}
