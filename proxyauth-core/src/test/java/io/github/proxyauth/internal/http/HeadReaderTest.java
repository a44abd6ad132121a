package io.github.proxyauth.internal.http;

import static io.github.proxyauth.internal.http.Wire.failsWith;
import static io.github.proxyauth.internal.http.Wire.request;
import static io.github.proxyauth.internal.http.Wire.response;
import static io.github.proxyauth.internal.http.Wire.stream;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.internal.http.HttpProtocolException.Side;
import io.github.proxyauth.internal.http.HttpProtocolException.Violation;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class HeadReaderTest {

  @Test
  void acceptsBareLineFeedsTabsAndObsText() throws IOException {
    Head head = request("GET http://o.test/ HTTP/1.1\nX-A: \ta\tb \u00e9 \n\n");

    assertThat(head.value("X-A")).contains("a\tb \u00e9");
  }

  @Test
  void readsNothingAfterTheHead() throws IOException {
    InputStream in = stream("HTTP/1.1 200 Connection established\r\n\r\nSSH-2.0-server");

    Head head = HeadReader.read(in, Side.RESPONSE).orElseThrow();

    assertThat(head.status()).isEqualTo(200);
    assertThat(new String(in.readAllBytes(), "ISO-8859-1")).isEqualTo("SSH-2.0-server");
  }

  @Test
  void acceptsAStatusLineWithoutReasonAndAnUnusualCode() throws IOException {
    assertThat(response("HTTP/1.0 999\r\n\r\n").status()).isEqualTo(999);
    assertThat(StatusLine.parse("HTTP/1.1 407 Proxy Auth Required").reason())
        .isEqualTo("Proxy Auth Required");
  }

  @Test
  void aFieldLineWhereTheRequestLineBelongsIsNamedWithoutItsValue() {
    HttpProtocolException e = failsWith(() -> request("Proxy-Authorization: Basic"
        + " c2VjcmV0LXRva2Vu\r\n\r\n"), Side.REQUEST, Violation.MALFORMED_START_LINE);

    assertThat(e.getMessage()).contains("a field line 'Proxy-Authorization: ...' (value not"
        + " shown)").doesNotContain("c2VjcmV0LXRva2Vu").doesNotContain("Basic");
    assertThat(failsWith(() -> request("GET /a b HTTP/1.1\r\n\r\n"), Side.REQUEST,
        Violation.MALFORMED_START_LINE).getMessage()).contains("'GET /a b HTTP/1.1'");
  }

  @Test
  void aCleanEndBeforeTheFirstByteIsNoHead() throws IOException {
    assertThat(HeadReader.read(stream(""), Side.RESPONSE)).isEmpty();
  }

  @Test
  void refusesAHeadOverTheLimit() {
    String fields = ("X-Pad: " + "p".repeat(1000) + "\r\n").repeat(HeadReader.MAX_HEAD_BYTES / 1000);

    HttpProtocolException e = failsWith(() -> response("HTTP/1.1 200 OK\r\n" + fields + "\r\n"),
        Side.RESPONSE, Violation.HEAD_TOO_LARGE);

    assertThat(e.getMessage()).contains(Integer.toString(HeadReader.MAX_HEAD_BYTES));
  }

  @Test
  void refusesALineOverTheLimit() {
    String value = "v".repeat(HeadReader.MAX_LINE_BYTES);

    failsWith(() -> request("GET http://o.test/ HTTP/1.1\r\nX: " + value + "\r\n\r\n"),
        Side.REQUEST, Violation.LINE_TOO_LONG);
  }

  @Test
  void acceptsAChallengeAsLongAsTheChallengeParserDoes() throws IOException {
    String token = "a".repeat(65_536 - 10); // the challenge parser takes field values to 64 KiB

    Head head = response("HTTP/1.1 407 x\r\nProxy-Authenticate: Negotiate " + token + "\r\n\r\n");

    assertThat(head.value("Proxy-Authenticate").orElseThrow()).endsWith(token);
  }

  @Test
  void refusesTooManyFields() {
    String fields = "X: 1\r\n".repeat(HeadReader.MAX_FIELDS + 1);

    failsWith(() -> response("HTTP/1.1 200 OK\r\n" + fields + "\r\n"), Side.RESPONSE,
        Violation.TOO_MANY_FIELDS);
  }

  @Test
  void messagesShowTheFieldNameButNeverTheValue() {
    HttpProtocolException e = failsWith(() -> request("GET http://o.test/ HTTP/1.1\r\n"
        + "Proxy-Relay-Token : canary-secret-77\r\n\r\n"), Side.REQUEST, Violation.MALFORMED_FIELD);

    assertThat(e.getMessage()).contains("Proxy-Relay-Token").doesNotContain("canary");
  }

  @Test
  void keepAliveFollowsVersionAndConnectionOptions() throws IOException {
    assertThat(response("HTTP/1.1 200 OK\r\n\r\n").keepAlive()).isTrue();
    assertThat(response("HTTP/1.1 200 OK\r\nConnection: x, Close\r\n\r\n").keepAlive()).isFalse();
    assertThat(response("HTTP/1.0 200 OK\r\n\r\n").keepAlive()).isFalse();
    assertThat(response("HTTP/1.0 200 OK\r\nProxy-Connection: keep-alive\r\n\r\n").keepAlive())
        .isTrue();
  }
}
