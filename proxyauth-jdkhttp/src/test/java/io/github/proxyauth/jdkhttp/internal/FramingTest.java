package io.github.proxyauth.jdkhttp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

class FramingTest {

  @Test
  void refusesARequestWithBothContentLengthAndTransferEncoding() {
    HttpFailure e = catchThrowableOfType(HttpFailure.class, () -> Framing.ofRequest(request(
        "HTTP/1.1", new Head.Field("Content-Length", "4"),
        new Head.Field("Transfer-Encoding", "chunked"))));

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.getMessage()).contains("both");
  }

  @Test
  void refusesTransferEncodingInAnHttp10Request() {
    HttpFailure e = catchThrowableOfType(HttpFailure.class, () -> Framing.ofRequest(request(
        "HTTP/1.0", new Head.Field("Transfer-Encoding", "chunked"))));

    assertThat(e.status()).isEqualTo(400);
  }

  @Test
  void refusesDifferingContentLengths() {
    HttpFailure e = catchThrowableOfType(HttpFailure.class, () -> Framing.ofRequest(request(
        "HTTP/1.1", new Head.Field("Content-Length", "4"), new Head.Field("Content-Length", "5"))));

    assertThat(e.status()).isEqualTo(400);
  }

  @Test
  void collapsesRepeatedContentLengthsIntoOneField() throws HttpFailure {
    Head head = request("HTTP/1.1", new Head.Field("Content-Length", "4, 4"),
        new Head.Field("Content-Length", "4"));

    Head forwarded = Framing.ofRequest(head).normaliseRequest(head);

    assertThat(forwarded.values("Content-Length")).containsExactly("4");
  }

  @Test
  void leavesASingleContentLengthAlone() throws HttpFailure {
    Head head = request("HTTP/1.1", new Head.Field("Content-Length", "4"));

    assertThat(Framing.ofRequest(head).normaliseRequest(head)).isSameAs(head);
  }

  private static Head request(String version, Head.Field... fields) {
    return new Head("POST http://o.test/ " + version, List.of(fields));
  }
}
