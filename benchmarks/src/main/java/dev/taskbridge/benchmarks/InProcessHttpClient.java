package dev.taskbridge.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An {@link SdkHttpClient} that answers every request with 200 and a fixed body, without I/O: the
 * request body is read (as a real client would, to send it) and discarded. Under it, the time of an
 * SDK call is the SDK's and the caller's alone, so raw and adapter calls differ by the adapter
 * only.
 */
final class InProcessHttpClient implements SdkHttpClient {

  /**
   * Where request bodies are read into and forgotten. Shared by all threads on purpose: the bytes
   * are never looked at, and a per-call buffer would add 8 KB of allocation to every call measured.
   */
  private static final byte[] SINK = new byte[8192];

  private final byte[] body;
  private final SdkHttpResponse response;

  /** Answers with {@code body} ({@code "{}"} for Step Functions, empty for SWF). */
  InProcessHttpClient(byte[] body) {
    this.body = body.clone();
    this.response =
        SdkHttpResponse.builder()
            .statusCode(200)
            .putHeader("Content-Type", "application/x-amz-json-1.0")
            .putHeader("x-amzn-RequestId", "00000000-0000-0000-0000-000000000000")
            .putHeader("Content-Length", Integer.toString(body.length))
            .build();
  }

  @Override
  public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
    return new ExecutableHttpRequest() {
      @Override
      public HttpExecuteResponse call() {
        request.contentStreamProvider().ifPresent(p -> drain(p.newStream()));
        return HttpExecuteResponse.builder()
            .response(response)
            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
            .build();
      }

      @Override
      public void abort() {}
    };
  }

  private static void drain(InputStream in) {
    try (in) {
      while (in.read(SINK) >= 0) {
        // discard: the bytes would have gone to the socket
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String clientName() {
    return "InProcess";
  }

  @Override
  public void close() {}
}
