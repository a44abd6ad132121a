package io.github.proxyauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyauth.testkit.RecordedRequest.Auth;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Each fault, seen from a raw socket. */
class TestProxyFaultTest {
  private static final String GET = "GET http://127.0.0.1:9/ HTTP/1.1\r\nHost: x\r\n";
  private static final String ALICE = "Proxy-Authorization: Basic "
      + Base64.getEncoder().encodeToString("alice:pw".getBytes(StandardCharsets.UTF_8)) + "\r\n";

  private static TestProxy basicProxy(Fault... faults) throws Exception {
    return TestProxy.builder().basic("f").user("alice", "pw").fault(faults).build();
  }

  /** Returns a minimal NTLM Type 1 (MS-NLMP §2.2.1.1) with no domain or workstation. */
  private static String ntlmType1() {
    ByteBuffer type1 = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
    type1.put("NTLMSSP\0".getBytes(StandardCharsets.US_ASCII)).putInt(1).putInt(0xa2088207);
    return "Proxy-Authorization: NTLM " + Base64.getEncoder().encodeToString(type1.array())
        + "\r\n";
  }

  @Test
  void closeOn407SendsConnectionCloseAndCloses() throws Exception {
    try (TestProxy proxy = basicProxy(Fault.CLOSE_ON_407);
        RawClient client = new RawClient(proxy.address())) {
      RawClient.Response response = client.send(GET + "\r\n").read();

      assertThat(response.code()).isEqualTo(407);
      assertThat(response.header("Connection")).hasValue("close");
      assertThat(client.closedByPeer()).isTrue();
    }
  }

  @Test
  void closeOn407AppliesToNtlmType2() throws Exception {
    try (TestProxy proxy = TestProxy.builder().ntlm("DOM").user("alice", "pw")
        .fault(Fault.CLOSE_ON_407).build();
        RawClient client = new RawClient(proxy.address())) {
      RawClient.Response response = client.send(GET + ntlmType1() + "\r\n").read();

      assertThat(response.code()).isEqualTo(407);
      assertThat(response.header("Proxy-Authenticate").orElseThrow()).startsWith("NTLM T");
      assertThat(response.header("Connection")).hasValue("close");
      assertThat(client.closedByPeer()).isTrue();
      assertThat(proxy.takeRequest().auth()).isEqualTo(Auth.CONTINUED);
    }
  }

  @Test
  void proxyConnectionCloseOn407SendsOldStyleHeaderAndCloses() throws Exception {
    try (TestProxy proxy = basicProxy(Fault.PROXY_CONNECTION_CLOSE_ON_407);
        RawClient client = new RawClient(proxy.address())) {
      RawClient.Response response = client.send(GET + "\r\n").read();

      assertThat(response.header("Proxy-Connection")).hasValue("close");
      assertThat(response.header("Connection")).isEmpty();
      assertThat(client.closedByPeer()).isTrue();
    }
  }

  @Test
  void closeMidHandshakeClosesAfterType1WithoutAnswer() throws Exception {
    try (TestProxy proxy = TestProxy.builder().ntlm("DOM").user("alice", "pw")
        .fault(Fault.CLOSE_MID_HANDSHAKE).build();
        RawClient client = new RawClient(proxy.address())) {
      client.send(GET + ntlmType1() + "\r\n");

      assertThat(client.input().read()).isEqualTo(-1);
      assertThat(proxy.takeRequest().auth()).isEqualTo(Auth.CONTINUED);
    }
  }

  @Test
  void endless407RefusesCorrectCredentials() throws Exception {
    try (TestProxy proxy = basicProxy(Fault.ENDLESS_407);
        RawClient client = new RawClient(proxy.address())) {
      for (int i = 0; i < 3; i++) {
        assertThat(client.send(GET + ALICE + "\r\n").read().code()).isEqualTo(407);
      }
      assertThat(proxy.requests()).extracting(RecordedRequest::auth).containsOnly(Auth.REJECTED);
      proxy.injectFaults();
      assertThat(client.send(GET + ALICE + "\r\n").read().code()).isEqualTo(502);
    }
  }

  @Test
  void malformedChallengePrecedesRealOnes() throws Exception {
    try (TestProxy proxy = basicProxy(Fault.MALFORMED_CHALLENGE);
        RawClient client = new RawClient(proxy.address())) {
      RawClient.Response response = client.send(GET + "\r\n").read();

      assertThat(response.headers("Proxy-Authenticate"))
          .containsExactly("Digest realm=\"unterminated", "Basic realm=\"f\"");
    }
  }

  @Test
  void hugeChallengeIsOneMebibyteField() throws Exception {
    try (TestProxy proxy = basicProxy(Fault.HUGE_CHALLENGE);
        RawClient client = new RawClient(proxy.address())) {
      RawClient.Response response = client.send(GET + "\r\n").read();

      assertThat(response.headers("Proxy-Authenticate")).hasSize(2);
      assertThat(response.headers("Proxy-Authenticate").get(0).length())
          .isGreaterThan(1024 * 1024);
      assertThat(client.send(GET + ALICE + "\r\n").read().code()).isEqualTo(502);
    }
  }

  @Test
  void chunked407BodyIsChunkedAndKeepsAlive() throws Exception {
    try (TestProxy proxy = basicProxy(Fault.CHUNKED_407_BODY);
        RawClient client = new RawClient(proxy.address())) {
      RawClient.Response response = client.send(GET + "\r\n").read();

      assertThat(response.header("Transfer-Encoding")).hasValue("chunked");
      assertThat(response.header("Content-Length")).isEmpty();
      assertThat(response.body()).contains("Proxy Authentication Required");
      assertThat(client.send(GET + "\r\n").read().code()).isEqualTo(407);
    }
  }

  @Test
  void closeDelimited407BodyHasNoLength() throws Exception {
    try (TestProxy proxy = basicProxy(Fault.CLOSE_DELIMITED_407_BODY);
        RawClient client = new RawClient(proxy.address())) {
      RawClient.Response response = client.send(GET + "\r\n").read();

      assertThat(response.header("Content-Length")).isEmpty();
      assertThat(response.header("Transfer-Encoding")).isEmpty();
      assertThat(response.body()).endsWith("</html>\n");
    }
  }

  @Test
  void refusedConnectionsCloseBeforeAnyRequest() throws Exception {
    try (TestProxy proxy = basicProxy(Fault.REFUSE_CONNECTIONS)) {
      try (RawClient client = new RawClient(proxy.address())) {
        client.send(GET + "\r\n");
        assertThat(client.closedByPeer()).isTrue();
      }
      proxy.injectFaults();
      try (RawClient client = new RawClient(proxy.address())) {
        assertThat(client.send(GET + "\r\n").read().code()).isEqualTo(407);
      }
      assertThat(proxy.connections()).extracting(RecordedConnection::refused)
          .containsExactly(true, false);
      assertThat(proxy.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void slowRepliesHoldBackTheResponseHead() throws Exception {
    try (TestProxy proxy = TestProxy.builder().basic("f").replyDelay(Duration.ofSeconds(2))
        .build();
        RawClient client = new RawClient(proxy.address())) {
      client.send(GET + "\r\n");
      client.socket().setSoTimeout(100);
      assertThatThrownBy(client::line).isInstanceOf(SocketTimeoutException.class);
      client.socket().setSoTimeout(RawClient.TIMEOUT_MILLIS);

      assertThat(client.read().code()).isEqualTo(407);
    }
  }

  @Test
  void closesConnectionOn407WhenBodyWasAnnouncedWithExpectContinue() throws Exception {
    try (TestProxy proxy = basicProxy();
        RawClient client = new RawClient(proxy.address())) {
      client.send("POST http://127.0.0.1:9/ HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
          + "Expect: 100-continue\r\n\r\n");
      RawClient.Response response = client.read();

      assertThat(response.code()).isEqualTo(407);
      assertThat(response.header("Connection")).hasValue("close");
    }
  }
}
