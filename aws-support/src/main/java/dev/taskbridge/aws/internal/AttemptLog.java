package dev.taskbridge.aws.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * The SDK attempts of one SDK call, in order, as {@link AttemptRecorder} saw them: one call of the
 * client may make several HTTP requests when the client retries on its own.
 *
 * <p>Thread-safe: the SDK calls the recorder on its own threads; the reporter reads the log once
 * the call has failed.
 */
public final class AttemptLog {

  /** Where a request carries its log for the service-interceptor {@link AttemptRecorder}. */
  static final ExecutionAttribute<AttemptLog> ATTRIBUTE =
      new ExecutionAttribute<>("dev.taskbridge.AttemptLog");

  /** Where a request carries its log for {@link AttemptRecorder#PLUGIN_INSTANCE}. */
  static final ExecutionAttribute<AttemptLog> PLUGIN_ATTRIBUTE =
      new ExecutionAttribute<>("dev.taskbridge.AttemptLog.plugin");

  /** Error bodies are short; a longer one is not read further for its code. */
  static final int MAX_BODY = 16 * 1024;

  private static final JsonNodeParser JSON = JsonNodeParser.create();

  /** One attempt while it is recorded. */
  private static final class Slot {
    boolean answered;
    int status;
    @Nullable String headerCode;
    @Nullable String requestId;

    /** The error body, made when the first byte of one arrives (a success has none). */
    @Nullable ByteArrayOutputStream body;
  }

  private final List<Slot> slots = new ArrayList<>(2);

  AttemptLog() {}

  /**
   * Per thread, one slot holding the log {@link #handOff} gives the recorder of the SDK call made
   * on this thread, null between calls. A slot of its own per thread instead of {@code set}/{@code
   * remove} saves a thread-local map entry per call; it is an {@code Object[]} (a class of the
   * bootstrap loader) and empty between calls, so it pins no class loader of the application's.
   */
  private static final ThreadLocal<@Nullable Object[]> HANDED =
      ThreadLocal.withInitial(() -> new @Nullable Object[1]);

  /**
   * A request override that records the request's SDK attempts into this log, with {@code
   * apiCallTimeout} as its API call timeout unless null (the client's own bound is tighter), over a
   * client the recorder reaches as {@code attachment} says; null when the request needs none (the
   * log is {@linkplain #handOff handed off} and there is no timeout to carry).
   */
  @Nullable AwsRequestOverrideConfiguration override(
      AttemptRecorder.Attachment attachment, @Nullable Duration apiCallTimeout) {
    return override(attachment, apiCallTimeout, null);
  }

  /**
   * As {@link #override(AttemptRecorder.Attachment, Duration)}, with {@code attemptTimeout} as the
   * API call attempt timeout too unless null: a long poll must outlast the client's own attempt
   * timeout as well.
   */
  @Nullable AwsRequestOverrideConfiguration override(
      AttemptRecorder.Attachment attachment,
      @Nullable Duration apiCallTimeout,
      @Nullable Duration attemptTimeout) {
    if (attachment == AttemptRecorder.Attachment.HAND_OFF
        && apiCallTimeout == null
        && attemptTimeout == null) {
      return null;
    }
    AwsRequestOverrideConfiguration.Builder b = AwsRequestOverrideConfiguration.builder();
    switch (attachment) {
      case HAND_OFF -> {}
      case ON_CLIENT -> b.putExecutionAttribute(ATTRIBUTE, this);
      case PER_REQUEST ->
          b.addPlugin(AttemptRecorder.PLUGIN).putExecutionAttribute(PLUGIN_ATTRIBUTE, this);
    }
    if (apiCallTimeout != null) {
      b.apiCallTimeout(apiCallTimeout);
    }
    if (attemptTimeout != null) {
      b.apiCallAttemptTimeout(attemptTimeout);
    }
    return b.build();
  }

  /**
   * Runs {@code send}, which makes one call of an SDK client on this thread, with this log handed
   * to the service-interceptor {@link AttemptRecorder}: the SDK runs its first hook ({@code
   * beforeExecution}) on the calling thread before {@code send} returns, blocking and non-blocking
   * clients alike, and the recorder takes the log from there into the call's attributes ({@link
   * #takeHandedOff}).
   */
  <T> T handOff(Supplier<T> send) {
    @Nullable Object[] slot = HANDED.get();
    Object outer = slot[0];
    slot[0] = this;
    try {
      return send.get();
    } finally {
      slot[0] = outer;
    }
  }

  /** The log handed off on this thread, once: a nested SDK call does not take it. */
  static @Nullable AttemptLog takeHandedOff() {
    @Nullable Object[] slot = HANDED.get();
    AttemptLog log = (AttemptLog) slot[0];
    slot[0] = null;
    return log;
  }

  /** An attempt is about to be sent. */
  synchronized void begin() {
    slots.add(new Slot());
  }

  /** The current attempt got a response. */
  synchronized void answered(int status, @Nullable String errorType, @Nullable String requestId) {
    Slot s = current();
    if (s != null) {
      s.answered = true;
      s.status = status;
      s.headerCode = errorType;
      s.requestId = requestId;
    }
  }

  /** Bytes of the current attempt's error body, as the SDK reads them. */
  synchronized void body(byte[] b, int off, int len) {
    Slot s = current();
    if (s != null && len > 0) {
      ByteArrayOutputStream body = s.body;
      if (body == null) {
        body = new ByteArrayOutputStream();
        s.body = body;
      }
      body.write(b, off, Math.min(len, MAX_BODY - body.size()));
    }
  }

  /** Bytes of the current attempt's error body, as the SDK reads them; {@code b} is not moved. */
  void body(ByteBuffer b) {
    ByteBuffer copy = b.duplicate();
    byte[] bytes = new byte[Math.min(copy.remaining(), MAX_BODY)];
    copy.get(bytes);
    body(bytes, 0, bytes.length);
  }

  private @Nullable Slot current() {
    return slots.isEmpty() ? null : slots.get(slots.size() - 1);
  }

  /** Every attempt recorded, in order. */
  synchronized List<SdkAttempt> attempts() {
    List<SdkAttempt> out = new ArrayList<>(slots.size());
    for (Slot s : slots) {
      out.add(
          s.answered ? new SdkAttempt(true, s.status, code(s), s.requestId) : SdkAttempt.NO_ANSWER);
    }
    return out;
  }

  /** The error code as the SDK's AWS JSON protocol finds it: header first, then the body. */
  private static @Nullable String code(Slot s) {
    if (s.headerCode != null) {
      return strip(s.headerCode);
    }
    ByteArrayOutputStream bytes = s.body;
    if (s.status < 400 || bytes == null || bytes.size() == 0) {
      return null;
    }
    try {
      JsonNode body = JSON.parse(bytes.toByteArray());
      if (!body.isObject()) {
        return null;
      }
      for (String member : new String[] {"__type", "code"}) {
        JsonNode value = body.asObject().get(member);
        if (value != null && value.isString()) {
          return strip(value.asString());
        }
      }
      return null;
    } catch (RuntimeException notJson) {
      // A proxy's HTML page, a cut body: no code.
      return null;
    }
  }

  /** {@code ns#Code:extra} to {@code Code}, as the SDK's JsonErrorCodeParser does. */
  static String strip(String code) {
    String c = code;
    int colon = c.indexOf(':');
    if (colon >= 0) {
      c = c.substring(0, colon);
    }
    int hash = c.lastIndexOf('#');
    return hash >= 0 ? c.substring(hash + 1) : c;
  }
}
