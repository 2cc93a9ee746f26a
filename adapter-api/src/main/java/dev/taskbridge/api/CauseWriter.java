package dev.taskbridge.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.taskbridge.api.ExceptionSnapshot.Node;
import dev.taskbridge.api.ExceptionSnapshot.Snapshot;
import dev.taskbridge.api.internal.Truncation;
import java.io.IOException;
import java.io.Writer;
import java.util.function.IntPredicate;
import org.jspecify.annotations.Nullable;

/**
 * Writes an {@link ExceptionSnapshot} as a Lambda-style JSON cause and shortens it by structure
 * until the serialized text fits.
 *
 * <p>Everything goes through Jackson's streaming {@link JsonGenerator}: escaping is the library's,
 * never ours, and no {@code ObjectMapper} (hence no user serializer) is involved. Each candidate is
 * rendered in full and measured as the final {@code String}'s {@code length()}; a render that would
 * pass the limit is abandoned as soon as it does.
 */
final class CauseWriter {

  /** Thread-safe once built; shared by every converter. */
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private static final String MARKER = FieldPolicy.TRUNCATION_MARKER;
  private static final int NO_CUT = Integer.MAX_VALUE;

  private CauseWriter() {}

  /** What a render keeps: frames per level, nesting levels, suppressed or not, message length. */
  record Limits(int frames, int depth, boolean suppressed, int messageLength) {}

  /**
   * The longest rendering of {@code top} that fits {@code max}, shortened in this order: fewer
   * frames per level; then no suppressed exceptions and fewer nested levels; then shorter messages.
   * Each step is taken only as far as needed (a binary search on its knob); once nested levels are
   * dropped, frames are given back to the levels that remain as far as the space allows. Messages
   * are cut only when the top exception alone, with no frame, does not fit. Null only if even the
   * top exception with no frame and its message cut to the marker does not fit, which the limits on
   * names make impossible.
   */
  static @Nullable String write(Snapshot top, Limits wanted, int max) {
    String full = render(top, wanted, max);
    if (full != null) {
      return full;
    }
    if (!fits(top, new Limits(0, 0, false, NO_CUT), max)) {
      // Even the top exception alone is too long: its message has to be cut.
      int hi = Math.max(MARKER.length(), wanted.messageLength());
      int length =
          largest(
              MARKER.length(),
              hi,
              m -> fits(top, new Limits(0, 0, false, m), max),
              MARKER.length());
      return render(top, new Limits(0, 0, false, length), max);
    }
    boolean suppressed =
        wanted.suppressed() && fits(top, new Limits(0, wanted.depth(), true, NO_CUT), max);
    int depth =
        suppressed || fits(top, new Limits(0, wanted.depth(), false, NO_CUT), max)
            ? wanted.depth()
            : largest(0, wanted.depth(), d -> fits(top, new Limits(0, d, false, NO_CUT), max), 0);
    int frames =
        largest(
            0, wanted.frames(), k -> fits(top, new Limits(k, depth, suppressed, NO_CUT), max), 0);
    return render(top, new Limits(frames, depth, suppressed, NO_CUT), max);
  }

  /**
   * The last resort when conversion itself failed: {@code {"errorMessage":null,"errorType":type,
   * "stackTrace":[],"conversionFailed":true}}, or null if even that cannot be written.
   */
  static @Nullable String minimal(String type) {
    BoundedWriter out = new BoundedWriter(TaskFailure.MAX_CAUSE_LENGTH);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNullField("errorMessage");
      g.writeStringField("errorType", type);
      g.writeArrayFieldStart("stackTrace");
      g.writeEndArray();
      g.writeBooleanField("conversionFailed", true);
      g.writeEndObject();
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return out.toString();
  }

  /**
   * The largest value in {@code [lo, hi]} that {@code fits}, assuming {@code lo} does; {@code
   * fallback} if it does not. Every value returned other than the fallback was tested.
   */
  private static int largest(int lo, int hi, IntPredicate fits, int fallback) {
    if (!fits.test(lo)) {
      return fallback;
    }
    int low = lo;
    int high = hi;
    while (low < high) {
      int mid = low + (high - low + 1) / 2;
      if (fits.test(mid)) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return low;
  }

  private static boolean fits(Snapshot top, Limits limits, int max) {
    return render(top, limits, max) != null;
  }

  /** The JSON text of {@code top} under {@code limits}, or null if it would exceed {@code max}. */
  static @Nullable String render(Snapshot top, Limits limits, int max) {
    BoundedWriter out = new BoundedWriter(max);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      new Render(g, limits, top.countStopped()).node(top.top(), 0);
    } catch (TooLong e) {
      return null;
    } catch (IOException e) {
      // The writer throws nothing else; treated like a miss rather than trusted.
      return null;
    }
    // Closing flushes; a flush that passed the limit threw TooLong above.
    return out.toString();
  }

  /**
   * One rendering pass; counts what it leaves out and writes the count at the top level, marked as
   * a lower bound when the snapshot stopped counting.
   */
  private static final class Render {
    private final JsonGenerator g;
    private final Limits limits;
    private final boolean countStopped;
    private long framesDropped;
    private long causesDropped;
    private boolean messageCut;

    Render(JsonGenerator g, Limits limits, boolean countStopped) {
      this.g = g;
      this.limits = limits;
      this.countStopped = countStopped;
    }

    void node(Node n, int depth) throws IOException {
      g.writeStartObject();
      String message = n.message();
      if (message == null) {
        g.writeNullField("errorMessage");
      } else {
        g.writeStringField("errorMessage", shown(message, n.messageCut()));
      }
      g.writeStringField("errorType", n.type());

      g.writeArrayFieldStart("stackTrace");
      int kept = Math.min(limits.frames(), n.frames().size());
      for (int i = 0; i < kept; i++) {
        g.writeString(n.frames().get(i));
      }
      g.writeEndArray();
      framesDropped += n.totalFrames() - kept;

      boolean deeper = depth < limits.depth();
      Node cause = n.cause();
      if (cause != null) {
        if (deeper) {
          g.writeFieldName("cause");
          node(cause, depth + 1);
        } else {
          causesDropped += cause.size();
        }
      }
      if (!n.suppressed().isEmpty()) {
        if (deeper && limits.suppressed()) {
          g.writeArrayFieldStart("suppressed");
          for (Node s : n.suppressed()) {
            node(s, depth + 1);
          }
          g.writeEndArray();
        } else {
          for (Node s : n.suppressed()) {
            causesDropped += s.size();
          }
        }
      }
      causesDropped += n.droppedBelow();
      if (n.repeated()) {
        g.writeBooleanField("circularReference", true);
      }
      if (depth == 0 && (framesDropped > 0 || causesDropped > 0 || messageCut)) {
        g.writeObjectFieldStart("truncated");
        g.writeNumberField("framesDropped", framesDropped);
        g.writeNumberField("causesDropped", causesDropped);
        if (countStopped) {
          // Every uncounted exception lies below a dropped one: causesDropped is a lower bound.
          g.writeBooleanField("causesDroppedAtLeast", true);
        }
        g.writeBooleanField("messageCut", messageCut);
        g.writeEndObject();
      }
      g.writeEndObject();
    }

    private String shown(String message, boolean alreadyCut) {
      if (message.length() <= limits.messageLength()) {
        messageCut |= alreadyCut;
        return message;
      }
      messageCut = true;
      // Cut the original text again rather than stacking a second marker on the first.
      String text =
          alreadyCut && message.endsWith(MARKER)
              ? message.substring(0, message.length() - MARKER.length())
              : message;
      return Truncation.truncate(text, limits.messageLength(), MARKER);
    }
  }

  /** Thrown by {@link BoundedWriter} when the text would pass its limit. */
  private static final class TooLong extends IOException {
    private static final long serialVersionUID = 1L;

    TooLong() {
      super("cause would exceed its limit");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // control flow, not a fault: no stack trace to fill
    }
  }

  /** A {@code StringWriter} that refuses to hold more than {@code max} characters. */
  private static final class BoundedWriter extends Writer {
    private final StringBuilder sb = new StringBuilder();
    private final int max;

    BoundedWriter(int max) {
      this.max = max;
    }

    private void room(int len) throws TooLong {
      if (len > max - sb.length()) {
        throw new TooLong();
      }
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
      room(len);
      sb.append(cbuf, off, len);
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
      room(len);
      sb.append(str, off, off + len);
    }

    @Override
    public void write(int c) throws IOException {
      room(1);
      sb.append((char) c);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    @Override
    public String toString() {
      return sb.toString();
    }
  }
}
