package dev.taskbridge.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A plain-data copy of an exception graph, taken once through {@link Guarded} calls, so that
 * rendering and re-rendering never call into the user's exception again.
 *
 * <p>The walk is bounded: at most {@code maxDepth} levels below the top, at most {@link #MAX_NODES}
 * exceptions in all, and each exception is copied once (a second encounter, whether a cycle or a
 * shared cause, becomes a {@link Node#repeated()} reference). What is left out is counted, up to
 * {@link #MAX_COUNTED} exceptions; past that the count is a lower bound ({@link
 * Snapshot#countStopped()}).
 *
 * <p>A nested exception (a cause or a suppressed one) keeps only the frames it does not share with
 * the exception enclosing it, as {@link Throwable#printStackTrace()} does with "... n more": both
 * traces are walked from their last frame while the frames are equal ({@link
 * StackTraceElement#equals}, JDK code on copied elements), and those trailing frames are counted in
 * {@link Node#framesInCommon()} instead of copied again.
 */
final class ExceptionSnapshot {

  /** At most this many exceptions are copied; with 32768 characters more could not be shown. */
  static final int MAX_NODES = 512;

  /**
   * Beyond the copied part, at most this many exceptions are counted in all: enough to say "about a
   * hundred more", without walking (and remembering) a chain that may be millions long.
   */
  static final int MAX_COUNTED = 100;

  /** Longest frame kept, in UTF-16 code units; JVM names can be far longer. */
  static final int MAX_FRAME_LENGTH = 1024;

  /** The enclosing frames of the top exception: it has none in common with anything. */
  private static final StackTraceElement[] NO_FRAMES = new StackTraceElement[0];

  /**
   * One exception.
   *
   * @param type its class name, already a valid error name
   * @param message its message, already cut and cleaned, or null
   * @param messageCut whether the message was cut while copying
   * @param frames its first frames of its own, formatted: at most the frame limit
   * @param ownFrames how many frames it had, less those in common with the enclosing exception
   * @param framesInCommon how many trailing frames it shares with the exception enclosing it (the
   *     one it is the cause or a suppressed exception of), not counted in {@code ownFrames}; 0 at
   *     the top
   * @param cause its cause, if copied
   * @param suppressed its suppressed exceptions that were copied
   * @param repeated whether it already appears elsewhere in the document (no frames, no children)
   * @param droppedBelow how many nested exceptions below it were not copied
   * @param size the number of exceptions this node stands for, itself and everything below
   */
  record Node(
      String type,
      @Nullable String message,
      boolean messageCut,
      List<String> frames,
      int ownFrames,
      int framesInCommon,
      @Nullable Node cause,
      List<Node> suppressed,
      boolean repeated,
      int droppedBelow,
      int size) {}

  /**
   * A copied exception graph.
   *
   * @param top the converted exception
   * @param countStopped whether counting stopped at {@link #MAX_COUNTED} with exceptions left
   *     uncounted: every count of what is left out is then a lower bound
   */
  record Snapshot(Node top, boolean countStopped) {}

  private record Seen(String type, Guarded.Message message) {}

  private final int maxFrames;
  private final int maxDepth;
  private final int maxMessageLength;
  private final boolean includeSuppressed;
  private final IdentityHashMap<Throwable, Seen> seen = new IdentityHashMap<>();

  /** What {@link #countUncopied} has counted; made on first use, at its final size. */
  private @Nullable Set<Throwable> counted;

  private int nodes;
  private boolean countStopped;

  private ExceptionSnapshot(
      int maxFrames, int maxDepth, int maxMessageLength, boolean includeSuppressed) {
    this.maxFrames = maxFrames;
    this.maxDepth = maxDepth;
    this.maxMessageLength = maxMessageLength;
    this.includeSuppressed = includeSuppressed;
  }

  /** Copies {@code t} and what hangs below it, within the given bounds. */
  static Snapshot take(
      Throwable t, int maxFrames, int maxDepth, int maxMessageLength, boolean includeSuppressed) {
    ExceptionSnapshot snapshot =
        new ExceptionSnapshot(maxFrames, maxDepth, maxMessageLength, includeSuppressed);
    Node top = snapshot.copy(t, 0, NO_FRAMES);
    return new Snapshot(top, snapshot.countStopped);
  }

  /**
   * Copies {@code t}, {@code depth} levels below the top, whose enclosing exception had the frames
   * {@code enclosing} (none at the top).
   */
  private Node copy(Throwable t, int depth, StackTraceElement[] enclosing) {
    nodes++;
    String type = Guarded.typeName(t);
    Guarded.Message message = Guarded.message(t, maxMessageLength);
    // Registered before the children are visited, so that a cycle back to t is recognised.
    seen.put(t, new Seen(type, message));

    StackTraceElement[] trace = withoutNulls(Guarded.stackTrace(t));
    int inCommon = framesInCommon(trace, enclosing);
    int ownFrames = trace.length - inCommon;
    int kept = Math.min(maxFrames, ownFrames);
    List<String> frames = new ArrayList<>(kept);
    for (int i = 0; i < kept; i++) {
      frames.add(Guarded.frame(trace[i], MAX_FRAME_LENGTH));
    }

    Throwable causeThrowable = Guarded.cause(t);
    List<Throwable> suppressedThrowables =
        includeSuppressed ? Guarded.suppressed(t) : List.<Throwable>of();

    int dropped = 0;
    Node cause = null;
    if (causeThrowable != null) {
      if (canCopy(causeThrowable, depth)) {
        cause = child(causeThrowable, depth, trace);
      } else {
        dropped += countUncopied(causeThrowable);
      }
    }
    List<Node> suppressed = new ArrayList<>();
    for (Throwable s : suppressedThrowables) {
      if (canCopy(s, depth)) {
        suppressed.add(child(s, depth, trace));
      } else {
        dropped += countUncopied(s);
      }
    }

    int size = 1 + dropped;
    if (cause != null) {
      size += cause.size();
    }
    for (Node s : suppressed) {
      size += s.size();
    }
    return new Node(
        type,
        message.text(),
        message.cut(),
        Collections.unmodifiableList(frames),
        ownFrames,
        inCommon,
        cause,
        Collections.unmodifiableList(suppressed),
        false,
        dropped,
        size);
  }

  private boolean canCopy(Throwable t, int depth) {
    return seen.containsKey(t) || (depth < maxDepth && nodes < MAX_NODES);
  }

  private Node child(Throwable t, int depth, StackTraceElement[] enclosing) {
    Seen earlier = seen.get(t);
    if (earlier != null) {
      return new Node(
          earlier.type(),
          earlier.message().text(),
          earlier.message().cut(),
          List.of(),
          0,
          0,
          null,
          List.of(),
          true,
          0,
          1);
    }
    return copy(t, depth + 1, enclosing);
  }

  /**
   * The non-null elements of {@code trace}, in a new array: the user's exception may hand out an
   * array it changes later (while its causes are copied, say), and only the copy is compared.
   */
  private static StackTraceElement[] withoutNulls(StackTraceElement[] trace) {
    StackTraceElement[] copy = new StackTraceElement[trace.length];
    int n = 0;
    for (StackTraceElement element : trace) {
      if (element != null) {
        copy[n++] = element;
      }
    }
    return n == copy.length ? copy : Arrays.copyOf(copy, n);
  }

  /**
   * How many trailing frames {@code trace} and {@code enclosing} have in common, walking both from
   * the last frame while equal, as {@code Throwable.printEnclosedStackTrace} does.
   * StackTraceElement is final: {@code equals} is JDK code, never the user's.
   */
  static int framesInCommon(StackTraceElement[] trace, StackTraceElement[] enclosing) {
    int m = trace.length - 1;
    int n = enclosing.length - 1;
    while (m >= 0 && n >= 0 && trace[m].equals(enclosing[n])) {
      m--;
      n--;
    }
    return trace.length - 1 - m;
  }

  /**
   * How many exceptions {@code t} and its cause chain stand for, stopping at one already copied or
   * counted (a cycle, a shared cause), or when {@link #MAX_COUNTED} have been counted in all, which
   * sets {@link #countStopped} if one is left uncounted.
   */
  private int countUncopied(Throwable t) {
    Set<Throwable> done = counted;
    if (done == null) {
      done = Collections.newSetFromMap(new IdentityHashMap<>(MAX_COUNTED));
      counted = done;
    }
    int count = 0;
    for (Throwable current = t;
        current != null && !seen.containsKey(current);
        current = Guarded.cause(current)) {
      if (done.size() == MAX_COUNTED) {
        countStopped |= !done.contains(current);
        break;
      }
      if (!done.add(current)) {
        break; // counted already: a cycle, or a tail shared with another dropped branch
      }
      count++;
    }
    return count;
  }
}
