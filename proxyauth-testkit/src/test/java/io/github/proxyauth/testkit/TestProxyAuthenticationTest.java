package io.github.proxyauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.testkit.RecordedRequest.Auth;
import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.PasswordAuthentication;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.net.ssl.HttpsURLConnection;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives the proxy's Basic and Digest with the JDK's HttpURLConnection, which uses no proxyauth. */
class TestProxyAuthenticationTest {
  private final MockWebServer origin = new MockWebServer();

  @BeforeEach
  void startOrigin() throws IOException {
    origin.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stopOrigin() {
    origin.close();
  }

  private Authenticator proxyUser(String user, String password) {
    return new Authenticator() {
      @Override
      protected PasswordAuthentication getPasswordAuthentication() {
        return getRequestorType() == RequestorType.PROXY
            ? new PasswordAuthentication(user, password.toCharArray())
            : null;
      }
    };
  }

  private int get(TestProxy proxy, Authenticator authenticator) throws IOException {
    origin.enqueue(new MockResponse.Builder().body("through").build());
    URL url = new URL("http://127.0.0.1:" + origin.getPort() + "/p");
    HttpURLConnection connection = (HttpURLConnection) url.openConnection(proxy.proxy());
    connection.setAuthenticator(authenticator);
    int code = connection.getResponseCode();
    InputStream in = code < 400 ? connection.getInputStream() : connection.getErrorStream();
    if (in != null) { // HttpURLConnection has no error stream for an unanswered 407
      in.close();
    }
    return code;
  }

  @Test
  void basicAcceptsHttpUrlConnectionAfter407() throws Exception {
    try (TestProxy proxy = TestProxy.builder().basic("lab").user("alice", "s3cret").build()) {
      assertThat(get(proxy, proxyUser("alice", "s3cret"))).isEqualTo(200);

      RecordedRequest first = proxy.takeRequest();
      assertThat(first.auth()).isEqualTo(Auth.MISSING);
      RecordedRequest second = proxy.takeRequest();
      assertThat(second.auth()).isEqualTo(Auth.ACCEPTED);
      assertThat(second.user()).hasValue("alice");
      assertThat(second.header("Proxy-Authorization")).hasValue("Basic "
          + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8)));
    }
    assertThat(origin.takeRequest().getHeaders().get("Proxy-Authorization")).isNull();
  }

  @Test
  void basicAnswersWrongPasswordWith407() throws Exception {
    try (TestProxy proxy = TestProxy.builder().basic("lab").user("alice", "s3cret").build()) {
      assertThat(get(proxy, proxyUser("alice", "wrong"))).isEqualTo(407);

      assertThat(proxy.requests()).extracting(RecordedRequest::auth).contains(Auth.REJECTED)
          .doesNotContain(Auth.ACCEPTED);
    }
  }

  @Test
  void digestSha256AcceptsHttpUrlConnection() throws Exception {
    try (TestProxy proxy = TestProxy.builder().digest("lab").digestAlgorithms("SHA-256")
        .user("bob", "pw-b").build()) {
      assertThat(get(proxy, proxyUser("bob", "pw-b"))).isEqualTo(200);

      proxy.takeRequest();
      RecordedRequest answered = proxy.takeRequest();
      assertThat(answered.header("Proxy-Authorization").orElseThrow())
          .startsWith("Digest ").contains("algorithm=SHA-256");
      assertThat(answered.auth()).isEqualTo(Auth.ACCEPTED);
    }
  }

  @Test
  void passwordRotationTakesEffectForLaterRequests() throws Exception {
    try (TestProxy proxy = TestProxy.builder().basic("lab").user("alice", "old").build()) {
      assertThat(get(proxy, proxyUser("alice", "old"))).isEqualTo(200);
      proxy.setPassword("alice", "new");

      assertThat(get(proxy, proxyUser("alice", "old"))).isEqualTo(407);
      assertThat(get(proxy, proxyUser("alice", "new"))).isEqualTo(200);
      proxy.removeUser("alice");
      assertThat(get(proxy, proxyUser("alice", "new"))).isEqualTo(407);
    }
  }

  @Test
  void sendsOneChallengePerSchemeInConfiguredOrder() throws Exception {
    try (TestProxy proxy = TestProxy.builder().digest("d").digestAlgorithms("SHA-256", "MD5")
        .basic("b").build();
        RawClient client = new RawClient(proxy.address())) {
      client.send("GET http://127.0.0.1:1/ HTTP/1.1\r\nHost: x\r\n\r\n");
      RawClient.Response response = client.read();

      assertThat(response.code()).isEqualTo(407);
      assertThat(response.headers("Proxy-Authenticate")).hasSize(3);
      assertThat(response.headers("Proxy-Authenticate").get(0)).contains("algorithm=SHA-256");
      assertThat(response.headers("Proxy-Authenticate").get(1)).contains("algorithm=MD5");
      assertThat(response.headers("Proxy-Authenticate").get(2)).isEqualTo("Basic realm=\"b\"");
      assertThat(response.header("Content-Length")).isPresent();
      assertThat(response.body()).contains("Proxy Authentication Required");
      client.send("GET http://127.0.0.1:1/ HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(client.read().code()).as("407 kept the connection alive").isEqualTo(407);
    }
  }

  @Test
  void digestAuthenticatesConnectTunnelToTlsOrigin() throws Exception {
    HeldCertificate certificate = new HeldCertificate.Builder()
        .addSubjectAlternativeName("localhost").build();
    origin.useHttps(new HandshakeCertificates.Builder().heldCertificate(certificate).build()
        .sslSocketFactory());
    origin.enqueue(new MockResponse.Builder().body("secure").build());
    HandshakeCertificates trust = new HandshakeCertificates.Builder()
        .addTrustedCertificate(certificate.certificate()).build();
    try (TestProxy proxy = TestProxy.builder().digest("tls").digestAlgorithms("SHA-256")
        .user("carol", "pw-c").build()) {
      URL url = new URL("https://localhost:" + origin.getPort() + "/s");
      HttpsURLConnection connection = (HttpsURLConnection) url.openConnection(proxy.proxy());
      connection.setSSLSocketFactory(trust.sslSocketFactory());
      connection.setAuthenticator(proxyUser("carol", "pw-c"));

      assertThat(connection.getResponseCode()).isEqualTo(200);
      try (InputStream in = connection.getInputStream()) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("secure");
      }
      RecordedRequest first = proxy.takeRequest();
      assertThat(first.isConnect()).isTrue();
      assertThat(first.target()).isEqualTo("localhost:" + origin.getPort());
      assertThat(first.header("Proxy-Authorization")).isEmpty();
      RecordedRequest second = proxy.takeRequest();
      assertThat(second.isConnect()).isTrue();
      assertThat(second.header("Proxy-Authorization").orElseThrow())
          .contains("uri=\"localhost:" + origin.getPort() + "\"");
      assertThat(second.auth()).isEqualTo(Auth.ACCEPTED);
    }
    assertThat(origin.takeRequest().getHeaders().get("Proxy-Authorization")).isNull();
  }

  @Test
  void staleNonceGetsStaleTrueAndFreshNonce() throws Exception {
    origin.enqueue(new MockResponse.Builder().body("first").build());
    String target = "http://127.0.0.1:" + origin.getPort() + "/";
    try (TestProxy proxy = TestProxy.builder().digest("lab").digestNonceLimits(
        java.time.Duration.ofMinutes(5), 1).user("bob", "pw-b").build();
        RawClient client = new RawClient(proxy.address())) {
      client.send("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
      String nonce = param(client.read().header("Proxy-Authenticate").orElseThrow(), "nonce");
      client.send(answered(target, nonce, "00000001"));
      assertThat(client.read().body()).isEqualTo("first");
      client.send(answered(target, nonce, "00000002"));
      RawClient.Response stale = client.read();

      assertThat(stale.code()).isEqualTo(407);
      assertThat(stale.headers("Proxy-Authenticate")).singleElement().asString()
          .endsWith("stale=true").doesNotContain(nonce);
      assertThat(proxy.requests()).extracting(RecordedRequest::auth)
          .containsExactly(Auth.MISSING, Auth.ACCEPTED, Auth.CONTINUED);
    }
  }

  @Test
  void lastUseOfANonceAnnouncesTheNextOneAsSquidDoes() throws Exception {
    origin.enqueue(new MockResponse.Builder().body("first").build());
    origin.enqueue(new MockResponse.Builder().body("second").build());
    origin.enqueue(new MockResponse.Builder().body("third").build());
    String target = "http://127.0.0.1:" + origin.getPort() + "/";
    try (TestProxy proxy = TestProxy.builder().digest("lab").digestNonceLimits(
        java.time.Duration.ofMinutes(5), 2).user("bob", "pw-b").build();
        RawClient client = new RawClient(proxy.address())) {
      client.send("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
      String nonce = param(client.read().header("Proxy-Authenticate").orElseThrow(), "nonce");
      client.send(answered(target, nonce, "00000001"));
      RawClient.Response first = client.read();
      client.send(answered(target, nonce, "00000002"));
      RawClient.Response last = client.read();
      String next = param(last.header("Proxy-Authentication-Info").orElseThrow(), "nextnonce");
      client.send(answered(target, next, "00000001"));

      assertThat(first.headers("Proxy-Authentication-Info")).isEmpty();
      assertThat(last.body()).isEqualTo("second");
      assertThat(next).isNotEqualTo(nonce);
      assertThat(client.read().body()).isEqualTo("third");
      assertThat(proxy.requests()).extracting(RecordedRequest::auth)
          .containsExactly(Auth.MISSING, Auth.ACCEPTED, Auth.ACCEPTED, Auth.ACCEPTED);
    }
  }

  private static String answered(String target, String nonce, String nc) {
    String response = io.github.proxyauth.testkit.internal.DigestMath.response(
        new io.github.proxyauth.testkit.internal.DigestMath.Input("MD5", "bob", "lab", "pw-b",
            nonce, nc, "c1", "auth", "GET", target, ""));
    return "GET " + target + " HTTP/1.1\r\nHost: x\r\nProxy-Authorization: Digest "
        + "username=\"bob\", realm=\"lab\", nonce=\"" + nonce + "\", uri=\"" + target
        + "\", qop=auth, nc=" + nc + ", cnonce=\"c1\", response=\"" + response + "\"\r\n\r\n";
  }

  private static String param(String challenge, String name) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(name + "=\"([^\"]*)\"")
        .matcher(challenge);
    assertThat(m.find()).as(name + " in " + challenge).isTrue();
    return m.group(1);
  }
}
