package io.github.proxyauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.proxyauth.testkit.RecordedRequest.Auth;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The issue 16 faults (closing after credentials, hostile Negotiate, dripping and silent proxies),
 * seen from a raw socket.
 */
class TestProxyHostileFaultTest {
  private static final String GET = "GET http://127.0.0.1:9/ HTTP/1.1\r\nHost: x\r\n";

  @TempDir Path dir;

  @Test
  void closeAfterCredentialsClosesWithoutAnswerButRecordsTheRequest() throws Exception {
    try (TestProxy proxy = TestProxy.builder().basic("f").user("alice", "pw")
        .fault(Fault.CLOSE_AFTER_CREDENTIALS).build();
        RawClient client = new RawClient(proxy.address())) {
      assertThat(client.send(GET + "\r\n").read().code()).isEqualTo(407); // no credentials yet

      client.send(GET + "Proxy-Authorization: Basic " + Base64.getEncoder().encodeToString(
          "alice:pw".getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "\r\n\r\n");

      assertThat(client.input().read()).isEqualTo(-1);
      assertThat(proxy.requests()).extracting(RecordedRequest::auth)
          .containsExactly(Auth.MISSING, Auth.ACCEPTED);
    }
  }

  @Test
  void drippedHeadArrivesOneByteAtATime() throws Exception {
    try (TestProxy proxy = TestProxy.builder().basic("f").fault(Fault.DRIPPED_407_HEAD).build();
        RawClient client = new RawClient(proxy.address())) {
      InputStream in = client.send(GET + "\r\n").input();

      assertThat(new String(in.readNBytes(10), StandardCharsets.ISO_8859_1))
          .isEqualTo("HTTP/1.1 4"); // 2 s of drip; the whole head would take a minute
      assertThat(proxy.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void drippedBodyFollowsAWholeHead() throws Exception {
    try (TestProxy proxy = TestProxy.builder().basic("f").fault(Fault.DRIPPED_407_BODY).build();
        RawClient client = new RawClient(proxy.address())) {
      RawClient.Response head = client.send(GET + "\r\n").read(true);

      assertThat(head.code()).isEqualTo(407);
      assertThat(head.header("Content-Length")).isPresent();
      assertThat(new String(client.input().readNBytes(5), StandardCharsets.ISO_8859_1))
          .isEqualTo("<!DOC");
    }
  }

  @Test
  void silentProxyReadsTheRequestAndAnswersNothing() throws Exception {
    try (TestProxy proxy = TestProxy.builder().basic("f").fault(Fault.SILENT).build();
        RawClient client = new RawClient(proxy.address())) {
      client.socket().setSoTimeout(500);
      client.send(GET + "\r\n");

      assertThat(catchThrowable(() -> client.input().read()))
          .isInstanceOf(SocketTimeoutException.class);
      assertThat(proxy.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void silentAfterCredentialsAnswersTheFirstLegOnly() throws Exception {
    try (TestProxy proxy = TestProxy.builder().basic("f").user("alice", "pw")
        .fault(Fault.SILENT_AFTER_CREDENTIALS).build();
        RawClient client = new RawClient(proxy.address())) {
      assertThat(client.send(GET + "\r\n").read().code()).isEqualTo(407);
      client.socket().setSoTimeout(500);
      client.send(GET + "Proxy-Authorization: Basic " + Base64.getEncoder()
          .encodeToString("alice:pw".getBytes(StandardCharsets.UTF_8)) + "\r\n\r\n");

      assertThat(catchThrowable(() -> client.input().read()))
          .isInstanceOf(SocketTimeoutException.class);
      assertThat(proxy.requests()).extracting(RecordedRequest::auth)
          .containsExactly(Auth.MISSING, Auth.ACCEPTED);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "NEGOTIATE_BAD_BASE64, Negotiate oYG-~_.not.base64",
      "NEGOTIATE_TRUNCATED_TOKEN, Negotiate oYGAMH6gAwoBAaEL",
      "NEGOTIATE_REJECT, Negotiate oQcwBaADCgEC",
      "NEGOTIATE_HUGE_TOKEN, Negotiate oYAAAA"})
  void negotiateFaultsAnswerATokenWithTheirBrokenOne(Fault fault, String start) throws Exception {
    try (TestProxy proxy = TestProxy.builder().negotiate(dir.resolve("absent.keytab"),
        "HTTP/localhost@EXAMPLE.TEST").fault(fault).build();
        RawClient client = new RawClient(proxy.address())) {
      RawClient.Response response = client.send(GET + "Proxy-Authorization: Negotiate YWJj"
          + "\r\n\r\n").read();

      assertThat(response.code()).isEqualTo(407);
      String challenge = response.header("Proxy-Authenticate").orElseThrow();
      assertThat(challenge).startsWith(start);
      if (fault == Fault.NEGOTIATE_HUGE_TOKEN) {
        assertThat(challenge).hasSize("Negotiate ".length() + 70_000);
      }
      assertThat(proxy.takeRequest().auth()).isEqualTo(Auth.CONTINUED);
    }
  }
}
