package dev.taskbridge.api;

import dev.taskbridge.api.internal.Truncation;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Every call {@link FailureConverter} makes into a user's exception, each one guarded: none of
 * these methods throws, whatever the exception's overrides do.
 */
final class Guarded {

  /** The reserved prefix of Step Functions' own error names. */
  static final String RESERVED_PREFIX = "States.";

  private Guarded() {}

  /** The exception's class name made into a valid error name; never throws, never null. */
  static String typeName(Throwable t) {
    try {
      return validName(t.getClass().getName());
    } catch (Throwable e) {
      restoreInterrupt(e);
      // Only reachable on a VM error (an OutOfMemoryError, say): still a stable, valid name.
      return "java.lang.Throwable";
    }
  }

  /**
   * {@code raw} with lone surrogates replaced, the {@code States.} prefix renamed as {@link
   * FieldPolicy#TRUNCATE} does, and cut to {@value TaskFailure#MAX_ERROR_LENGTH} with the marker.
   */
  static String validName(String raw) {
    String name = renameReserved(Truncation.replaceLoneSurrogates(raw));
    return Truncation.truncate(name, TaskFailure.MAX_ERROR_LENGTH, FieldPolicy.TRUNCATION_MARKER);
  }

  /**
   * An explicit code made valid, or null when it is unusable: null, blank, or over the limit once
   * its lone surrogates are replaced and a {@code States.} prefix is renamed. An explicit code is
   * never cut: a cut code would match no {@code ErrorEquals}, so the class name is better.
   */
  static @Nullable String validExplicitCode(@Nullable String code) {
    if (code == null || code.isBlank()) {
      return null;
    }
    String name = renameReserved(Truncation.replaceLoneSurrogates(code));
    return name.length() <= TaskFailure.MAX_ERROR_LENGTH ? name : null;
  }

  private static String renameReserved(String name) {
    return name.startsWith(RESERVED_PREFIX) ? FieldPolicy.RESERVED_NAME_PREFIX + name : name;
  }

  /** The explicit code: {@link CodedFailure} first, then {@link ErrorCode}; null if neither. */
  static @Nullable String explicitCode(Throwable t) {
    if (t instanceof CodedFailure coded) {
      try {
        String code = validExplicitCode(coded.errorCode());
        if (code != null) {
          return code;
        }
      } catch (Throwable e) {
        restoreInterrupt(e);
      }
    }
    try {
      ErrorCode annotation = t.getClass().getAnnotation(ErrorCode.class);
      if (annotation != null) {
        return validExplicitCode(annotation.value());
      }
    } catch (Throwable e) {
      // Annotation parsing can fail (TypeNotPresentException, AnnotationFormatError).
      restoreInterrupt(e);
    }
    return null;
  }

  /** What {@link #message} returns and whether it had to cut the text. */
  record Message(@Nullable String text, boolean cut) {}

  /**
   * {@code getMessage()} cut to {@code max} and with lone surrogates replaced; when it throws, a
   * text naming what it threw.
   */
  static Message message(Throwable t, int max) {
    String raw;
    try {
      raw = t.getMessage();
    } catch (Throwable e) {
      restoreInterrupt(e);
      return new Message("[getMessage() threw " + typeName(e) + "]", false);
    }
    if (raw == null) {
      return new Message(null, false);
    }
    // Cut first: replacing surrogates in a 10 MB message that is then cut would be wasted work.
    String cut = Truncation.truncate(raw, max, FieldPolicy.TRUNCATION_MARKER);
    return new Message(Truncation.replaceLoneSurrogates(cut), cut.length() != raw.length());
  }

  /** {@code getStackTrace()}, or an empty array when it throws or returns null. */
  static StackTraceElement[] stackTrace(Throwable t) {
    try {
      StackTraceElement[] trace = t.getStackTrace();
      return trace == null ? new StackTraceElement[0] : trace;
    } catch (Throwable e) {
      restoreInterrupt(e);
      return new StackTraceElement[0];
    }
  }

  /** {@code getCause()}, or null when it throws. */
  static @Nullable Throwable cause(Throwable t) {
    try {
      return t.getCause();
    } catch (Throwable e) {
      restoreInterrupt(e);
      return null;
    }
  }

  /** {@code getSuppressed()} without null entries, or an empty list when it throws. */
  static List<Throwable> suppressed(Throwable t) {
    try {
      Throwable[] suppressed = t.getSuppressed();
      if (suppressed == null || suppressed.length == 0) {
        return List.of();
      }
      java.util.ArrayList<Throwable> list = new java.util.ArrayList<>(suppressed.length);
      for (Throwable s : suppressed) {
        if (s != null) {
          list.add(s);
        }
      }
      return list;
    } catch (Throwable e) {
      restoreInterrupt(e);
      return List.of();
    }
  }

  /**
   * A frame in the format of Java Lambda's {@code stackTrace} ({@code
   * pkg.Cls.method(File.java:12)}), without the module and class-loader prefixes of {@link
   * StackTraceElement#toString()}, cut to {@code max}.
   */
  static String frame(StackTraceElement e, int max) {
    // StackTraceElement is final: these calls run JDK code only. Each branch is one string
    // concatenation, which sizes and fills the result once.
    String cls = e.getClassName();
    String method = e.getMethodName();
    String file = e.getFileName();
    int line = e.getLineNumber();
    String frame;
    if (e.isNativeMethod()) {
      frame = cls + '.' + method + "(Native Method)";
    } else if (file == null) {
      frame = cls + '.' + method + "(Unknown Source)";
    } else if (line >= 0) {
      frame = cls + '.' + method + '(' + file + ':' + line + ')';
    } else {
      frame = cls + '.' + method + '(' + file + ')';
    }
    return Truncation.replaceLoneSurrogates(
        Truncation.truncate(frame, max, FieldPolicy.TRUNCATION_MARKER));
  }

  /** Keeps a thread's interrupt status when a user's method threw InterruptedException sneakily. */
  static void restoreInterrupt(Throwable e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
  }
}
