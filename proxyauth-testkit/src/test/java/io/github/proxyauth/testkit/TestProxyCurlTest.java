package io.github.proxyauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.proxyauth.testkit.RecordedRequest.Auth;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the proxy with curl, a client that shares no code with the test kit. */
class TestProxyCurlTest {
  private static final Path CURL = Path.of("/usr/bin/curl");

  private final MockWebServer origin = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
    assumeTrue(Files.isExecutable(CURL), "curl is not installed at /usr/bin/curl: skipping");
    origin.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    origin.close();
  }

  /** Returns curl's stdout (the response bodies); fails on a non-zero exit. */
  private static String curl(TestProxy proxy, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(CURL.toString(), "-sS", "--fail",
        "--max-time", "20", "-x", proxy.url().toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("curl finished").isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as("curl exit; output: " + output).isZero();
    return output;
  }

  private String originUrl() {
    return "http://127.0.0.1:" + origin.getPort() + "/c";
  }

  @Test
  void curlProxyBasic() throws Exception {
    origin.enqueue(new MockResponse.Builder().body("b-ok").build());
    try (TestProxy proxy = TestProxy.builder().basic("c").user("alice", "pw-a").build()) {
      assertThat(curl(proxy, "--proxy-basic", "-U", "alice:pw-a", originUrl())).isEqualTo("b-ok");

      assertThat(proxy.takeRequest().auth()).isEqualTo(Auth.ACCEPTED); // curl sends Basic at once
    }
  }

  @Test
  void curlProxyDigestWithOriginFormUri() throws Exception {
    origin.enqueue(new MockResponse.Builder().body("d-ok").build());
    try (TestProxy proxy = TestProxy.builder().digest("c").digestAlgorithms("SHA-256", "MD5")
        .user("bob", "pw-b").build()) {
      assertThat(curl(proxy, "--proxy-digest", "-U", "bob:pw-b", originUrl())).isEqualTo("d-ok");

      assertThat(proxy.requests()).extracting(RecordedRequest::auth)
          .containsExactly(Auth.MISSING, Auth.ACCEPTED);
    }
  }

  @Test
  void curlProxyDigestOverConnectToTlsOrigin(@TempDir Path dir) throws Exception {
    HeldCertificate certificate = new HeldCertificate.Builder()
        .addSubjectAlternativeName("localhost").build();
    origin.useHttps(new HandshakeCertificates.Builder().heldCertificate(certificate).build()
        .sslSocketFactory());
    origin.enqueue(new MockResponse.Builder().body("tls-ok").build());
    Path ca = Files.writeString(dir.resolve("ca.pem"), certificate.certificatePem());
    try (TestProxy proxy = TestProxy.builder().digest("c").user("bob", "pw-b").build()) {
      String url = "https://localhost:" + origin.getPort() + "/s";

      assertThat(curl(proxy, "--proxy-digest", "-U", "bob:pw-b", "--cacert", ca.toString(), url))
          .isEqualTo("tls-ok");
      assertThat(proxy.requests()).allMatch(RecordedRequest::isConnect);
      assertThat(proxy.requests()).last().extracting(RecordedRequest::auth)
          .isEqualTo(Auth.ACCEPTED);
    }
  }

  @Test
  void curlProxyNtlmAuthenticatesTheConnectionOnce() throws Exception {
    origin.enqueue(new MockResponse.Builder().body("n1").build());
    origin.enqueue(new MockResponse.Builder().body("n2").build());
    try (TestProxy proxy = TestProxy.builder().ntlm("DOM").user("alice", "pw-a").build()) {
      assertThat(curl(proxy, "--proxy-ntlm", "-U", "DOM\\alice:pw-a", originUrl(), originUrl()))
          .isEqualTo("n1n2");

      assertThat(proxy.requests()).extracting(RecordedRequest::auth).containsExactly(
          Auth.CONTINUED, Auth.ACCEPTED, Auth.CONNECTION_AUTHENTICATED);
      assertThat(proxy.requests()).extracting(RecordedRequest::connectionId).containsOnly(0L);
      assertThat(proxy.requests().get(2).user()).hasValue("alice");
    }
  }
}
