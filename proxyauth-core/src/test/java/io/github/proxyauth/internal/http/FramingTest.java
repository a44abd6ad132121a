package io.github.proxyauth.internal.http;

import static io.github.proxyauth.internal.http.Wire.request;
import static io.github.proxyauth.internal.http.Wire.response;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.internal.http.Framing.Kind;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class FramingTest {

  @Test
  void aRequestWithoutFramingFieldsHasNoBody() throws IOException {
    assertThat(Framing.ofRequest(request("GET http://o.test/ HTTP/1.1\r\n\r\n")).isEmpty())
        .isTrue();
  }

  @Test
  void readsOneContentLength() throws IOException {
    Framing framing = Framing.ofRequest(request("POST http://o.test/ HTTP/1.1\r\n"
        + "Content-Length: 0042\r\n\r\n"));

    assertThat(framing.kind()).isEqualTo(Kind.FIXED);
    assertThat(framing.length()).isEqualTo(42);
  }

  @Test
  void chunkedIsCaseInsensitive() throws IOException {
    assertThat(Framing.ofResponse(response("HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n"),
        "GET", 200).kind()).isEqualTo(Kind.CHUNKED);
  }

  @Test
  void aResponseWithoutFramingFieldsEndsWithTheConnection() throws IOException {
    assertThat(Framing.ofResponse(response("HTTP/1.1 200 OK\r\n\r\n"), "GET", 200).kind())
        .isEqualTo(Kind.UNTIL_CLOSE);
  }

  @Test
  void headAndBodilessStatusesHaveNoBodyWhateverTheFieldsSay() throws IOException {
    Head head = response("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");

    assertThat(Framing.ofResponse(head, "HEAD", 200).isEmpty()).isTrue();
    assertThat(Framing.ofResponse(head, "GET", 304).isEmpty()).isTrue();
    assertThat(Framing.ofResponse(head, "CONNECT", 200).isEmpty()).isTrue();
  }
}
