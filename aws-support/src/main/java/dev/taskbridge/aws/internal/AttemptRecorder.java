package dev.taskbridge.aws.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.SdkServiceClientConfiguration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Records what every SDK attempt of a report got, into the call's {@link AttemptLog}: whether a
 * response arrived, its status, its error code and request id. The reporter decides from these
 * records, never from exception text (which quotes the backend's own message).
 *
 * <p>The reporter borrows the application's client, so it cannot register the recorder on it. Two
 * ways in, one per client, chosen once when a binding is created ({@link
 * Attachment#of(SdkClient)}):
 *
 * <ul>
 *   <li>The SDK's service interceptors: this jar lists this class in {@code
 *       software/amazon/awssdk/services/sfn/execution.interceptors} and {@code
 *       .../services/swf/execution.interceptors}, so every Step Functions and SWF client built
 *       where the SDK sees those files has an instance (made through the public constructor) among
 *       its interceptors; clients of other services are untouched. Over a client the SDK generated,
 *       the log is handed to it on the calling thread ({@link AttemptLog#handOff}) and the request
 *       carries nothing for it; over any other client the request carries its log as the execution
 *       attribute {@link AttemptLog#ATTRIBUTE}. Either way the request's client configuration is
 *       used as it is.
 *   <li>Otherwise (the file was not seen, e.g. a repackaged jar that dropped it, or a client that
 *       does not expose its configuration), each request carries {@link #PLUGIN}, which adds {@link
 *       #PLUGIN_INSTANCE} to that request's interceptors, and its log as {@link
 *       AttemptLog#PLUGIN_ATTRIBUTE}. The SDK then rebuilds the client configuration for that
 *       request (its retry strategy is kept as it is).
 * </ul>
 *
 * <p>Each instance reads only its own attribute, so a request is recorded once even when a client
 * has both. Requests without either attribute (every other call of every other client of the
 * application) pass untouched: each hook is one attribute lookup.
 *
 * <p>Not for applications: public only because the SDK instantiates it by reflection.
 */
public final class AttemptRecorder implements ExecutionInterceptor {

  /** Added per request by {@link #PLUGIN}; reads {@link AttemptLog#PLUGIN_ATTRIBUTE}. */
  static final AttemptRecorder PLUGIN_INSTANCE = new AttemptRecorder(AttemptLog.PLUGIN_ATTRIBUTE);

  /** Adds {@link #PLUGIN_INSTANCE} to the interceptors of the request that carries it. */
  static final SdkPlugin PLUGIN = AttemptRecorder::install;

  private final ExecutionAttribute<AttemptLog> attribute;

  /**
   * The instance the SDK makes from the service interceptor lists; reads {@link
   * AttemptLog#ATTRIBUTE}. Not for applications.
   */
  public AttemptRecorder() {
    this(AttemptLog.ATTRIBUTE);
  }

  private AttemptRecorder(ExecutionAttribute<AttemptLog> attribute) {
    this.attribute = attribute;
  }

  /** How the recorder reaches the requests of one client. */
  enum Attachment {
    /**
     * A client the SDK generated, with a service-interceptor instance: the log is {@linkplain
     * AttemptLog#handOff handed off} on the calling thread and a request carries nothing for the
     * recorder.
     */
    HAND_OFF,
    /**
     * Another client with a service-interceptor instance (it may run the call elsewhere): a request
     * carries only its log.
     */
    ON_CLIENT,
    /** It has none, or cannot tell: a request carries {@link #PLUGIN} too. */
    PER_REQUEST;

    /**
     * How the recorder reaches {@code client}'s requests: {@link #HAND_OFF} or {@link #ON_CLIENT}
     * when a service-interceptor instance is among its interceptors. A client that does not expose
     * its configuration (a hand-written {@link SdkClient}, a decorator) gets {@link #PER_REQUEST},
     * which works on any SDK client.
     */
    static Attachment of(SdkClient client) {
      ClientOverrideConfiguration own = SdkTaskClient.ownOverrides(client);
      if (own == null) {
        return PER_REQUEST;
      }
      for (ExecutionInterceptor i : own.executionInterceptors()) {
        if (i instanceof AttemptRecorder r && r.attribute.equals(AttemptLog.ATTRIBUTE)) {
          return generated(client) ? HAND_OFF : ON_CLIENT;
        }
      }
      return PER_REQUEST;
    }

    /**
     * Whether {@code client} is one the SDK generated ({@code software.amazon.awssdk.services.sfn
     * .DefaultSfnClient} and the like), which runs {@code beforeExecution} on the calling thread; a
     * subclass or decorator of the application's may not.
     */
    private static boolean generated(SdkClient client) {
      Class<?> type = client.getClass();
      return type.getName().startsWith("software.amazon.awssdk.services.")
          && type.getSimpleName().startsWith("Default");
    }
  }

  private static void install(SdkServiceClientConfiguration.Builder config) {
    config.overrideConfiguration(
        config.overrideConfiguration().toBuilder()
            .addExecutionInterceptor(PLUGIN_INSTANCE)
            .build());
  }

  private @Nullable AttemptLog log(ExecutionAttributes attributes) {
    return attributes.getAttribute(attribute);
  }

  /** Takes a log {@linkplain AttemptLog#handOff handed off} on this thread into the call. */
  @Override
  public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes a) {
    if (attribute.equals(AttemptLog.ATTRIBUTE)) {
      AttemptLog handed = AttemptLog.takeHandedOff();
      if (handed != null) {
        a.putAttribute(AttemptLog.ATTRIBUTE, handed);
      }
    }
  }

  @Override
  public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes a) {
    AttemptLog log = log(a);
    if (log != null) {
      log.begin();
    }
  }

  @Override
  public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes a) {
    AttemptLog log = log(a);
    if (log != null) {
      SdkHttpResponse r = context.httpResponse();
      log.answered(
          r.statusCode(),
          r.firstMatchingHeader("x-amzn-ErrorType").orElse(null),
          r.firstMatchingHeader("x-amzn-RequestId").orElse(null));
    }
  }

  @Override
  public Optional<InputStream> modifyHttpResponseContent(
      Context.ModifyHttpResponse context, ExecutionAttributes a) {
    AttemptLog log = log(a);
    Optional<InputStream> body = context.responseBody();
    if (log == null || body.isEmpty() || context.httpResponse().isSuccessful()) {
      return body;
    }
    return Optional.of(new TeeStream(body.get(), log));
  }

  @Override
  public Optional<Publisher<ByteBuffer>> modifyAsyncHttpResponseContent(
      Context.ModifyHttpResponse context, ExecutionAttributes a) {
    AttemptLog log = log(a);
    Optional<Publisher<ByteBuffer>> body = context.responsePublisher();
    if (log == null || body.isEmpty() || context.httpResponse().isSuccessful()) {
      return body;
    }
    Publisher<ByteBuffer> source = body.get();
    return Optional.of(subscriber -> source.subscribe(new TeeSubscriber(subscriber, log)));
  }

  /** Copies an error body into the log as the SDK reads it. */
  private static final class TeeStream extends FilterInputStream {
    private final AttemptLog log;

    TeeStream(InputStream in, AttemptLog log) {
      super(in);
      this.log = log;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        log.body(new byte[] {(byte) b}, 0, 1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        log.body(b, off, n);
      }
      return n;
    }
  }

  /** Copies an error body into the log as it passes to the SDK. */
  private static final class TeeSubscriber implements Subscriber<ByteBuffer> {
    private final Subscriber<? super ByteBuffer> downstream;
    private final AttemptLog log;

    TeeSubscriber(Subscriber<? super ByteBuffer> downstream, AttemptLog log) {
      this.downstream = downstream;
      this.log = log;
    }

    @Override
    public void onSubscribe(Subscription s) {
      downstream.onSubscribe(s);
    }

    @Override
    public void onNext(ByteBuffer b) {
      log.body(b);
      downstream.onNext(b);
    }

    @Override
    public void onError(Throwable t) {
      downstream.onError(t);
    }

    @Override
    public void onComplete() {
      downstream.onComplete();
    }
  }
}
