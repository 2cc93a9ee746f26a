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
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.SdkServiceClientConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * Records what every SDK attempt of a report got, into the call's {@link AttemptLog}: whether a
 * response arrived, its status, its error code and request id. The reporter decides from these
 * records, never from exception text (which quotes the backend's own message).
 *
 * <p>The reporter borrows the application's client, so the recorder cannot be registered on it:
 * each request carries {@link #PLUGIN}, which adds the recorder to that request's interceptors, and
 * its {@link AttemptLog} as the execution attribute {@link AttemptLog#ATTRIBUTE}. Requests without
 * the attribute pass untouched.
 */
final class AttemptRecorder implements ExecutionInterceptor {

  static final AttemptRecorder INSTANCE = new AttemptRecorder();

  /** Adds {@link #INSTANCE} to the interceptors of the request that carries it. */
  static final SdkPlugin PLUGIN = AttemptRecorder::install;

  private AttemptRecorder() {}

  private static void install(SdkServiceClientConfiguration.Builder config) {
    config.overrideConfiguration(
        config.overrideConfiguration().toBuilder().addExecutionInterceptor(INSTANCE).build());
  }

  private static @Nullable AttemptLog log(ExecutionAttributes attributes) {
    return attributes.getAttribute(AttemptLog.ATTRIBUTE);
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
