package dev.taskbridge.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Parsing of request heads from bytes. */
class RequestHeadTest {

  private static RequestHead parse(String head) throws RequestHead.BadRequest {
    byte[] b = head.getBytes(StandardCharsets.ISO_8859_1);
    int end = RequestHead.findEnd(b, 0, b.length);
    assertThat(end).as("end of head").isEqualTo(b.length);
    return RequestHead.parse(b, 0, end);
  }

  @Test
  void parse_readsTheFieldsItUses_andSkipsTheRest() throws Exception {
    RequestHead h =
        parse(
            "POST /a?b=c HTTP/1.1\r\nHost: h\r\nx-amz-target: A.B\r\nCONTENT-LENGTH:  42 \r\n"
                + "Connection: TE, Close\r\nExpect: 100-Continue\r\nX-Other: \u00e9\r\n\r\n");
    assertThat(h.method).isEqualTo("POST");
    assertThat(h.target).isEqualTo("/a?b=c");
    assertThat(h.amzTarget).isEqualTo("A.B");
    assertThat(h.contentLength).isEqualTo(42);
    assertThat(h.chunked).isFalse();
    assertThat(h.expectContinue).isTrue();
    assertThat(h.keepAlive()).isFalse();
  }

  @Test
  void parse_keepAliveDefaults_differByVersion() throws Exception {
    assertThat(parse("GET / HTTP/1.1\r\n\r\n").keepAlive()).isTrue();
    assertThat(parse("GET / HTTP/1.0\r\n\r\n").keepAlive()).isFalse();
    assertThat(parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").keepAlive()).isTrue();
    assertThat(parse("GET / HTTP/1.1\r\n\r\n").contentLength).isEqualTo(-1);
  }

  @Test
  void parse_firstTargetHeaderWins_andHugeLengthsSaturate() throws Exception {
    RequestHead h =
        parse(
            "POST / HTTP/1.1\r\nX-Amz-Target: first\r\nX-Amz-Target: second\r\n"
                + "Content-Length: 99999999999999999999999\r\n\r\n");
    assertThat(h.amzTarget).isEqualTo("first");
    assertThat(h.contentLength).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void parse_whenMalformed_throwsBadRequestWithStatus() {
    assertThatThrownBy(() -> parse("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"))
        .isInstanceOf(RequestHead.BadRequest.class)
        .hasMessage("Malformed Content-Length");
    assertThatThrownBy(() -> parse("POST / HTTP/1.1\r\nBad Name: x\r\n\r\n"))
        .isInstanceOf(RequestHead.BadRequest.class)
        .hasMessage("Malformed header name");
    assertThatThrownBy(() -> parse("POST / HTTP/3.0\r\n\r\n"))
        .isInstanceOf(RequestHead.BadRequest.class)
        .satisfies(e -> assertThat(((RequestHead.BadRequest) e).status).isEqualTo(505));
    assertThatThrownBy(() -> parse("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"))
        .isInstanceOf(RequestHead.BadRequest.class)
        .satisfies(e -> assertThat(((RequestHead.BadRequest) e).status).isEqualTo(501));
  }

  @Test
  void findEnd_resumesAcrossReads_withCrLfOrBareLf() {
    byte[] b = "GET / HTTP/1.1\r\nA: b\r\n\r\nrest".getBytes(StandardCharsets.US_ASCII);
    int headLength = b.length - 4;
    for (int split = 1; split < headLength; split++) {
      int first = RequestHead.findEnd(b, 0, split);
      assertThat(first).as("split %s", split).isEqualTo(-1);
      assertThat(RequestHead.findEnd(b, Math.max(0, split - 3), b.length))
          .as("split %s", split)
          .isEqualTo(headLength);
    }
    byte[] lf = "GET / HTTP/1.1\nA: b\n\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(RequestHead.findEnd(lf, 0, lf.length)).isEqualTo(lf.length);
  }
}
