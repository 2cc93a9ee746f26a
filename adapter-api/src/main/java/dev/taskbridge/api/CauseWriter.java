package dev.taskbridge.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.taskbridge.api.ExceptionSnapshot.Node;
import dev.taskbridge.api.ExceptionSnapshot.Snapshot;
import dev.taskbridge.api.internal.Truncation;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
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

  // Field names quoted once, not escaped again on every render.
  private static final SerializableString ERROR_MESSAGE = new SerializedString("errorMessage");
  private static final SerializableString ERROR_TYPE = new SerializedString("errorType");
  private static final SerializableString STACK_TRACE = new SerializedString("stackTrace");
  private static final SerializableString FRAMES_IN_COMMON = new SerializedString("framesInCommon");
  private static final SerializableString CAUSE = new SerializedString("cause");
  private static final SerializableString SUPPRESSED = new SerializedString("suppressed");
  private static final SerializableString CIRCULAR_REFERENCE =
      new SerializedString("circularReference");
  private static final SerializableString TRUNCATED = new SerializedString("truncated");
  private static final SerializableString FRAMES_DROPPED = new SerializedString("framesDropped");
  private static final SerializableString CAUSES_DROPPED = new SerializedString("causesDropped");
  private static final SerializableString CAUSES_DROPPED_AT_LEAST =
      new SerializedString("causesDroppedAtLeast");
  private static final SerializableString MESSAGE_CUT = new SerializedString("messageCut");

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
    String bare = render(top, new Limits(0, 0, false, NO_CUT), max);
    if (bare == null) {
      // Even the top exception alone is too long: its message has to be cut.
      String marker = render(top, new Limits(0, 0, false, MARKER.length()), max);
      if (marker == null) {
        return null;
      }
      int hi = Math.max(MARKER.length(), wanted.messageLength());
      return largest(MARKER.length(), marker, hi, m -> render(top, new Limits(0, 0, false, m), max))
          .text();
    }
    String withSuppressed =
        wanted.suppressed() ? render(top, new Limits(0, wanted.depth(), true, NO_CUT), max) : null;
    boolean suppressed = withSuppressed != null;
    String allLevels =
        suppressed
            ? withSuppressed
            : render(top, new Limits(0, wanted.depth(), false, NO_CUT), max);
    Fit levels =
        allLevels != null
            ? new Fit(wanted.depth(), allLevels)
            : largest(
                0, bare, wanted.depth(), d -> render(top, new Limits(0, d, false, NO_CUT), max));
    int depth = levels.value();
    // Past the longest trace kept, more frames per level change nothing: no need to try them.
    int frames = Math.min(wanted.frames(), longestTrace(top.top()));
    return largest(
            0,
            levels.text(),
            frames,
            k -> render(top, new Limits(k, depth, suppressed, NO_CUT), max))
        .text();
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

  /** A value of a knob and the rendering under it, which fits. */
  private record Fit(int value, String text) {}

  /** One rendering per value of a knob; null when it does not fit. */
  private interface Renderer {
    @Nullable String at(int value);
  }

  /**
   * The largest value in {@code [lo, hi]} whose rendering fits, with that rendering, given that
   * {@code lo} fits as {@code loText}: a binary search, each rendering that fits kept so that the
   * answer is never rendered twice.
   */
  private static Fit largest(int lo, String loText, int hi, Renderer render) {
    Fit best = new Fit(lo, loText);
    int high = hi;
    while (best.value() < high) {
      int mid = best.value() + (high - best.value() + 1) / 2;
      String text = render.at(mid);
      if (text != null) {
        best = new Fit(mid, text);
      } else {
        high = mid - 1;
      }
    }
    return best;
  }

  /** The most frames any exception of the snapshot kept. */
  private static int longestTrace(Node n) {
    int longest = n.frames().size();
    Node cause = n.cause();
    if (cause != null) {
      longest = Math.max(longest, longestTrace(cause));
    }
    for (Node s : n.suppressed()) {
      longest = Math.max(longest, longestTrace(s));
    }
    return longest;
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
      g.writeFieldName(ERROR_MESSAGE);
      String message = n.message();
      if (message == null) {
        g.writeNull();
      } else {
        g.writeString(shown(message, n.messageCut()));
      }
      g.writeFieldName(ERROR_TYPE);
      g.writeString(n.type());

      g.writeFieldName(STACK_TRACE);
      g.writeStartArray();
      int kept = Math.min(limits.frames(), n.frames().size());
      for (int i = 0; i < kept; i++) {
        g.writeString(n.frames().get(i));
      }
      g.writeEndArray();
      // Frames in common are shown by the enclosing exception: neither repeated nor dropped.
      framesDropped += n.ownFrames() - kept;
      if (n.framesInCommon() > 0) {
        g.writeFieldName(FRAMES_IN_COMMON);
        g.writeNumber(n.framesInCommon());
      }

      boolean deeper = depth < limits.depth();
      Node cause = n.cause();
      if (cause != null) {
        if (deeper) {
          g.writeFieldName(CAUSE);
          node(cause, depth + 1);
        } else {
          causesDropped += cause.size();
        }
      }
      if (!n.suppressed().isEmpty()) {
        if (deeper && limits.suppressed()) {
          g.writeFieldName(SUPPRESSED);
          g.writeStartArray();
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
        g.writeFieldName(CIRCULAR_REFERENCE);
        g.writeBoolean(true);
      }
      if (depth == 0 && (framesDropped > 0 || causesDropped > 0 || messageCut)) {
        g.writeFieldName(TRUNCATED);
        g.writeStartObject();
        g.writeFieldName(FRAMES_DROPPED);
        g.writeNumber(framesDropped);
        g.writeFieldName(CAUSES_DROPPED);
        g.writeNumber(causesDropped);
        if (countStopped) {
          // Every uncounted exception lies below a dropped one: causesDropped is a lower bound.
          g.writeFieldName(CAUSES_DROPPED_AT_LEAST);
          g.writeBoolean(true);
        }
        g.writeFieldName(MESSAGE_CUT);
        g.writeBoolean(messageCut);
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

  /**
   * A {@code StringWriter} that refuses to hold more than {@code max} characters. Jackson hands
   * over its buffer in chunks of a few thousand characters; each becomes a {@code String} at once
   * (one byte a character when it is Latin-1), and {@link #toString()} returns the only one or
   * joins them into an exactly sized result: no buffer grows and is copied over again.
   */
  private static final class BoundedWriter extends Writer {
    private final List<String> chunks = new ArrayList<>();
    private final int max;
    private int length;

    BoundedWriter(int max) {
      this.max = max;
    }

    private void room(int len) throws TooLong {
      if (len > max - length) {
        throw new TooLong();
      }
      length += len;
    }

    // Writer's other write methods all come here.
    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
      room(len);
      chunks.add(new String(cbuf, off, len));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    @Override
    public String toString() {
      return chunks.size() == 1 ? chunks.get(0) : String.join("", chunks);
    }
  }
}
