package io.github.proxyauth.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.internal.http.HttpProtocolException.Side;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Heads read a line at a time from the buffer read exactly as byte by byte. */
class LineBufferedInputStreamTest {
  private static final List<Integer> BUFFERS = List.of(1, 2, 3, 7, 64, 16 * 1024);

  @Test
  void readsNothingAfterTheHeadWhateverTheBuffer() throws IOException {
    for (int size : BUFFERS) {
      InputStream in = stream("HTTP/1.1 200 Connection established\r\nVia: 1.1 squid\r\n\r\n"
          + "SSH-2.0-server\r\nmore\n", size);

      Head head = HeadReader.read(in, Side.RESPONSE).orElseThrow();

      assertThat(head.value("Via")).contains("1.1 squid");
      assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1))
          .as("buffer %d", size).isEqualTo("SSH-2.0-server\r\nmore\n");
    }
  }

  @Test
  void headsBodiesAndFailuresAreTheSameAsByteByByte() throws IOException {
    String longLine = "X-Long: " + "a".repeat(HeadReader.MAX_LINE_BYTES + 10) + "\r\n";
    List<String> messages = List.of(
        "GET http://o.test/ HTTP/1.1\r\nHost: o.test\r\nX-A: \ta\tb \u00e9 \r\n\r\n",
        "GET http://o.test/ HTTP/1.1\nHost: o.test\n\n",
        "POST http://o.test/ HTTP/1.1\r\nHost: o.test\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;ext=1\r\nhello\r\n0\r\nX-Trailer: t\r\n\r\n",
        "POST http://o.test/ HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc",
        "GET http://o.test/ HTTP/1.1\r\nX-A: a\rb\r\n\r\n",
        "GET http://o.test/ HTTP/1.1\r\nX-A: a\u0001b\r\n\r\n",
        "GET http://o.test/ HTTP/1.1\r\nX-A: a\r\n b\r\n\r\n",
        "GET http://o.test/ HTTP/1.1\r\nX A: a\r\n\r\n",
        "GET http://o.test/ HTTP/1.1\r\n" + longLine + "\r\n",
        "GET http://o.test/ HTTP/1.1\r\nHost: o.test\r\n",
        "GET http://o.test/ HTTP/1.1\r",
        "");
    for (String message : messages) {
      String expected = outcome(new ByteArrayInputStream(bytes(message)));
      for (int size : BUFFERS) {
        assertThat(outcome(stream(message, size))).as("buffer %d: %s", size, message)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void markAndResetStillWorkAroundLines() throws IOException {
    LineBufferedInputStream in = stream("GET http://o.test/ HTTP/1.1\r\n\r\nrest", 4);
    in.mark(1);
    assertThat(in.read()).isEqualTo('G');
    in.reset();

    assertThat(HeadReader.read(in, Side.REQUEST).orElseThrow().startLine())
        .isEqualTo("GET http://o.test/ HTTP/1.1");
    assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("rest");
  }

  /** Returns the head, body and rest read from {@code in}, or the failure's violation and text. */
  private static String outcome(InputStream in) throws IOException {
    try {
      var head = HeadReader.read(in, Side.REQUEST);
      if (head.isEmpty()) {
        return "empty";
      }
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      Bodies.copy(in, body, Framing.ofRequest(head.get()));
      return head.get() + " | " + body.toString(StandardCharsets.ISO_8859_1) + " | "
          + new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (HttpProtocolException e) {
      return e.violation() + ": " + e.getMessage();
    }
  }

  private static LineBufferedInputStream stream(String text, int size) {
    return new LineBufferedInputStream(new ByteArrayInputStream(bytes(text)), size);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
