package io.github.proxyauth.cli;

import static io.github.proxyauth.cli.Cli.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.TestProxy;
import io.github.proxyauth.testkit.TlsFront;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.SSLContext;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * https:// proxies from the command line: the test kit's proxy behind a {@link TlsFront} whose
 * certificate only {@code --proxy-ca} makes trusted. fetch (through the relay) and serve get
 * through; without the CA, or with OkHttp, nothing reaches the proxy; a file that is not PEM is a
 * configuration error that says what it saw.
 */
class HttpsProxyCliTest {
  static final Map<String, String> ENV = Map.of("PW", PASSWORD);
  static final HeldCertificate PROXY_CERT = new HeldCertificate.Builder()
      .commonName("proxy").addSubjectAlternativeName("localhost").build();
  static final SSLContext PROXY_TLS = new HandshakeCertificates.Builder()
      .heldCertificate(PROXY_CERT).build().sslContext();
  static DemoOrigin http;
  static DemoOrigin https;
  @TempDir static Path dir;

  @BeforeAll
  static void startOrigins() throws Exception {
    http = DemoOrigin.http();
    https = Cli.httpsOrigin();
  }

  @AfterAll
  static void stopOrigins() {
    http.close();
    https.close();
  }

  @ParameterizedTest(name = "https origin={0}")
  @ValueSource(booleans = {false, true})
  void fetchGoesThroughTheHttpsProxyTrustedByProxyCa(boolean tls) throws Exception {
    try (TestProxy proxy = Cli.proxy("basic");
        TlsFront front = TlsFront.start(PROXY_TLS, proxy.address())) {
      Cli.Result result = Cli.run(ENV, "fetch", (tls ? https : http).url().toString(),
          "--proxy", front.url().toString(), "--proxy-ca", proxyCa().toString(), "--user", Cli.USER,
          "--password-env", "PW", "--cacert", Cli.caFile(dir).toString(), "--json");

      assertThat(result.exit()).as(result.all()).isZero();
      assertThat(result.out()).contains("\"client\":\"jdk\"").contains("\"status\":200");
      assertThat(proxy.requests()).anyMatch(r -> r.auth() == RecordedRequest.Auth.ACCEPTED);
      assertThat(front.handshakes()).isPositive();
      Cli.assertNoSecrets(result, proxy);
    }
  }

  @Test
  void withoutProxyCaTheProxyIsNotTrustedAndGetsNothing() throws Exception {
    try (TestProxy proxy = Cli.proxy("basic");
        TlsFront front = TlsFront.start(PROXY_TLS, proxy.address())) {
      Cli.Result result = Cli.run(ENV, "fetch", http.url().toString(), "--proxy",
          front.url().toString(), "--user", Cli.USER, "--password-env", "PW");

      assertThat(result.exit()).as(result.all()).isNotZero();
      assertThat(result.flatErr()).contains("TLS handshake with the https proxy localhost:")
          .contains("its certificate is not trusted (no CA in the relay's trust store issued"
              + " it; give the relay the proxy's CA, --proxy-ca FILE)")
          .doesNotContain("Builder.proxyTls");
      assertThat(proxy.requestCount()).isZero();
      Cli.assertNoSecrets(result, proxy);
    }
  }

  @Test
  void okHttpClientRefusesTheHttpsProxyBeforeConnecting() throws Exception {
    try (TestProxy proxy = Cli.proxy("basic");
        TlsFront front = TlsFront.start(PROXY_TLS, proxy.address())) {
      Cli.Result result = Cli.run(ENV, "fetch", http.url().toString(), "--proxy",
          front.url().toString(), "--proxy-ca", proxyCa().toString(), "--client", "okhttp",
          "--user", Cli.USER, "--password-env", "PW");

      assertThat(result.exit()).as(result.all()).isNotZero();
      assertThat(result.flatErr()).contains("OkHttp cannot speak TLS to the https proxy");
      assertThat(front.handshakes()).isZero();
      assertThat(proxy.requestCount()).isZero();
    }
  }

  @Test
  void proxyCaThatHoldsNoCertificateIsAConfigurationError() throws Exception {
    Path notPem = Files.writeString(dir.resolve("not-a-ca.pem"), PASSWORD + "\n");
    Path key = Files.writeString(dir.resolve("key.pem"), PROXY_CERT.privateKeyPkcs8Pem());

    Cli.Result text = Cli.run(ENV, "fetch", http.url().toString(), "--proxy",
        "https://localhost:1", "--proxy-ca", notPem.toString());
    Cli.Result pemKey = Cli.run(ENV, "fetch", http.url().toString(), "--proxy",
        "https://localhost:1", "--proxy-ca", key.toString());

    assertThat(text.exit()).isEqualTo(ExitCodes.CONFIG);
    assertThat(text.flatErr()).contains("--proxy-ca " + notPem
        + ": expected PEM certificates, saw 21 bytes without a '-----BEGIN CERTIFICATE-----'"
        + " line").doesNotContain(PASSWORD);
    assertThat(pemKey.flatErr()).contains("--proxy-ca " + key
        + ": expected PEM certificates, saw PEM blocks PRIVATE KEY");
  }

  @Test
  void serveRelaysToTheHttpsProxyWithProxyCaFromTheConfigFile() throws Exception {
    Path config = Files.writeString(dir.resolve("serve.properties"),
        "proxy-ca=" + proxyCa() + "\n");
    try (TestProxy proxy = Cli.proxy("basic");
        TlsFront front = TlsFront.start(PROXY_TLS, proxy.address());
        ServeRun serve = ServeRun.start(ENV, "--listen", "127.0.0.1:0", "--proxy",
            front.url().toString(), "--user", Cli.USER, "--password-env", "PW", "--config",
            config.toString())) {
      SSLContext trust = new HandshakeCertificates.Builder()
          .addTrustedCertificate(Cli.CERT.certificate()).build().sslContext();

      HttpResponse<String> plain = ServeRun.get(serve.client(trust), http.url());
      HttpResponse<String> tunnelled = ServeRun.get(serve.client(trust), https.url());

      assertThat(plain.body()).isEqualTo(DemoOrigin.GREETING);
      assertThat(tunnelled.body()).isEqualTo(DemoOrigin.GREETING);
      assertThat(front.handshakes()).isPositive();
      assertThat(proxy.requests()).anyMatch(r -> r.auth() == RecordedRequest.Auth.ACCEPTED);
      assertThat(serve.stop()).isZero();
    }
  }

  @Test
  void doctorChecksTheHttpsProxyOverTls() throws Exception {
    try (TestProxy proxy = Cli.proxy("basic");
        TlsFront front = TlsFront.start(PROXY_TLS, proxy.address())) {
      Cli.Result result = Cli.run(ENV, "doctor", https.url().toString(), "--proxy",
          front.url().toString(), "--proxy-ca", proxyCa().toString(), "--user", Cli.USER,
          "--password-env", "PW");

      assertThat(result.exit()).as(result.all()).isZero();
      assertThat(result.out().replaceAll("\\s+", " ")).contains("via https://localhost:")
          .contains("ok tls").contains("with the https proxy localhost:")
          .doesNotContain("cleartext");
      assertThat(proxy.requests()).isNotEmpty().allMatch(RecordedRequest::isConnect)
          .anyMatch(r -> r.auth() == RecordedRequest.Auth.ACCEPTED);
      assertThat(front.handshakes()).isEqualTo(proxy.connectionCount());
      Cli.assertNoSecrets(result, proxy);
    }
  }

  @Test
  void doctorWithoutProxyCaFailsTheTlsStepAndSendsNothing() throws Exception {
    try (TestProxy proxy = Cli.proxy("basic");
        TlsFront front = TlsFront.start(PROXY_TLS, proxy.address())) {
      Cli.Result result = Cli.run(ENV, "doctor", https.url().toString(), "--proxy",
          front.url().toString(), "--user", Cli.USER, "--password-env", "PW", "--json");

      assertThat(result.exit()).as(result.all()).isEqualTo(ExitCodes.UNREACHABLE);
      assertThat(result.out()).contains("\"name\":\"tls\",\"status\":\"FAIL\"")
          .contains("--proxy-ca");
      assertThat(proxy.requestCount()).isZero();
    }
  }

  private static Path proxyCa() throws Exception {
    Path file = dir.resolve("proxy-ca.pem");
    return Files.exists(file) ? file : Files.writeString(file, PROXY_CERT.certificatePem());
  }
}
