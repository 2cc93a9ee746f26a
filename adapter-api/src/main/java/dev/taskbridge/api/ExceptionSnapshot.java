package dev.taskbridge.api;

import java.util.ArrayList;
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

  /**
   * One exception.
   *
   * @param type its class name, already a valid error name
   * @param message its message, already cut and cleaned, or null
   * @param messageCut whether the message was cut while copying
   * @param frames its first frames, formatted
   * @param totalFrames how many frames it had
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
      int totalFrames,
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
    Node top = snapshot.copy(t, 0);
    return new Snapshot(top, snapshot.countStopped);
  }

  private Node copy(Throwable t, int depth) {
    nodes++;
    String type = Guarded.typeName(t);
    Guarded.Message message = Guarded.message(t, maxMessageLength);
    // Registered before the children are visited, so that a cycle back to t is recognised.
    seen.put(t, new Seen(type, message));

    StackTraceElement[] trace = Guarded.stackTrace(t);
    List<String> frames = new ArrayList<>(Math.min(maxFrames, trace.length));
    int totalFrames = 0;
    for (StackTraceElement element : trace) {
      if (element == null) {
        continue;
      }
      totalFrames++;
      if (frames.size() < maxFrames) {
        frames.add(Guarded.frame(element, MAX_FRAME_LENGTH));
      }
    }

    Throwable causeThrowable = Guarded.cause(t);
    List<Throwable> suppressedThrowables =
        includeSuppressed ? Guarded.suppressed(t) : List.<Throwable>of();

    int dropped = 0;
    Node cause = null;
    if (causeThrowable != null) {
      if (canCopy(causeThrowable, depth)) {
        cause = child(causeThrowable, depth);
      } else {
        dropped += countUncopied(causeThrowable);
      }
    }
    List<Node> suppressed = new ArrayList<>();
    for (Throwable s : suppressedThrowables) {
      if (canCopy(s, depth)) {
        suppressed.add(child(s, depth));
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
        totalFrames,
        cause,
        Collections.unmodifiableList(suppressed),
        false,
        dropped,
        size);
  }

  private boolean canCopy(Throwable t, int depth) {
    return seen.containsKey(t) || (depth < maxDepth && nodes < MAX_NODES);
  }

  private Node child(Throwable t, int depth) {
    Seen earlier = seen.get(t);
    if (earlier != null) {
      return new Node(
          earlier.type(),
          earlier.message().text(),
          earlier.message().cut(),
          List.of(),
          0,
          null,
          List.of(),
          true,
          0,
          1);
    }
    return copy(t, depth + 1);
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
