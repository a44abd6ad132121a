package io.github.proxyauth.internal.http;

import static io.github.proxyauth.internal.http.Wire.failsWith;
import static io.github.proxyauth.internal.http.Wire.readMessage;
import static io.github.proxyauth.internal.http.Wire.response;
import static io.github.proxyauth.internal.http.Wire.stream;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.internal.http.HttpProtocolException.Side;
import io.github.proxyauth.internal.http.HttpProtocolException.Violation;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class BodiesTest {
  private static final String CHUNKED = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";

  @Test
  void reframesChunkSizesWithoutTheirExtensions() throws IOException {
    assertThat(readMessage(CHUNKED + "05 ;ext=\"a;b\"\r\nhello\r\n0\r\n\r\n", Side.RESPONSE))
        .isEqualTo("5\r\nhello\r\n0\r\n\r\n");
  }

  @Test
  void keepsValidTrailers() throws IOException {
    assertThat(readMessage(CHUNKED + "3\r\nabc\r\n0\r\nX-Sum:  9 \r\n\r\n", Side.RESPONSE))
        .isEqualTo("3\r\nabc\r\n0\r\nX-Sum: 9\r\n\r\n");
  }

  @Test
  void rejectsAnEndlessTrailerSection() {
    String trailers = ("X-Pad: " + "p".repeat(1000) + "\r\n").repeat(200);

    failsWith(() -> readMessage(CHUNKED + "0\r\n" + trailers + "\r\n", Side.RESPONSE),
        Side.RESPONSE, Violation.HEAD_TOO_LARGE);
  }

  @Test
  void drainsABodyWithinTheCapAndKeepsTheRest() throws IOException {
    InputStream in = stream("HTTP/1.1 407 x\r\nContent-Length: 3\r\n\r\nabcNEXT");
    Head head = HeadReader.read(in, Side.RESPONSE).orElseThrow();

    assertThat(Bodies.drain(in, Framing.ofResponse(head, "GET", 407), 3)).isTrue();
    assertThat(new String(in.readAllBytes(), "ISO-8859-1")).isEqualTo("NEXT");
  }

  @Test
  void aBodyOverTheCapIsNotReadAtAll() throws IOException {
    InputStream in = stream("HTTP/1.1 407 x\r\nContent-Length: 999999999\r\n\r\nabc");
    Head head = HeadReader.read(in, Side.RESPONSE).orElseThrow();

    assertThat(Bodies.drain(in, Framing.ofResponse(head, "GET", 407), 1024)).isFalse();
    assertThat(in.available()).isEqualTo(3);
  }

  @Test
  void chunksAddingUpPastTheCapStopTheDrain() throws IOException {
    InputStream in = stream(CHUNKED + "400\r\n" + "x".repeat(1024) + "\r\n7fffffffffffff\r\n");
    Head head = response(CHUNKED);
    HeadReader.read(in, Side.RESPONSE);

    assertThat(Bodies.drain(in, Framing.ofResponse(head, "GET", 407), 2048)).isFalse();
  }

  @Test
  void aCloseDelimitedBodyIsNeverDrained() throws IOException {
    Head head = response("HTTP/1.1 407 x\r\n\r\n");

    assertThat(Bodies.drain(stream("endless"), Framing.ofResponse(head, "GET", 407), 1 << 20))
        .isFalse();
  }
}
