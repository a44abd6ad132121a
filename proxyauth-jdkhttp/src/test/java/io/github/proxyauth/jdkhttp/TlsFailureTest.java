package io.github.proxyauth.jdkhttp;

import static io.github.proxyauth.jdkhttp.Fixtures.PASSWORD;
import static io.github.proxyauth.jdkhttp.HttpsProxyTest.client;
import static io.github.proxyauth.jdkhttp.HttpsProxyTest.discovery;
import static io.github.proxyauth.jdkhttp.HttpsProxyTest.get;
import static io.github.proxyauth.jdkhttp.HttpsProxyTest.selector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.proxyauth.discovery.HttpsProxy;
import io.github.proxyauth.relay.ProxyRelay;
import io.github.proxyauth.testkit.TestProxy;
import io.github.proxyauth.testkit.TlsFront;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLHandshakeException;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TLS to the proxy that cannot be trusted or does not happen: a 502 naming the proxy and the TLS
 * cause (ProxyAuthHttpClient throws it), no request ever sent in clear, never a hang.
 */
class TlsFailureTest {
  static final HeldCertificate SELF_SIGNED = new HeldCertificate.Builder()
      .addSubjectAlternativeName("127.0.0.1").build();
  static final HeldCertificate OTHER_NAME = new HeldCertificate.Builder()
      .addSubjectAlternativeName("proxy.other.example").signedBy(Fixtures.ROOT).build();

  @ParameterizedTest(name = "https={0}")
  @ValueSource(booleans = {false, true})
  void untrustedCertificateNamesTheProxyAndTheCause(boolean https) throws Exception {
    try (TestProxy proxy = Fixtures.proxy("basic");
        TlsFront front = Fixtures.tlsFront(SELF_SIGNED, proxy);
        MockWebServer origin = Fixtures.origin(https, false);
        ProxyAuthHttpClient client = client("basic", discovery(front))) {
      IOException e = failure(client, Fixtures.url(origin, https, "/"));

      assertThat(e).hasMessageStartingWith("proxyauth relay: TLS handshake with the https proxy"
          + " 127.0.0.1:" + front.port() + " failed: its certificate is not trusted")
          .hasMessageContaining("PKIX path").hasCauseInstanceOf(SSLHandshakeException.class);
      assertThat(front.handshakes()).isZero();
      assertThat(proxy.requestCount()).isZero();
      assertThat(origin.getRequestCount()).isZero();
    }
  }

  @Test
  void theDefaultTrustStoreDoesNotTrustATestCa() throws Exception {
    try (TestProxy proxy = Fixtures.proxy("basic");
        TlsFront front = Fixtures.tlsFront(Fixtures.SERVER, proxy);
        MockWebServer origin = Fixtures.origin(false, false);
        ProxyAuthHttpClient client = ProxyAuthHttpClient.wrap(HttpClient.newBuilder(),
            ProxyRelay.builder(Fixtures.authenticator("basic", PASSWORD))
                .upstream(discovery(front)))) {
      IOException e = failure(client, Fixtures.url(origin, false, "/"));

      assertThat(e).hasMessageContaining("its certificate is not trusted (no CA in the relay's"
          + " trust store issued it; give the relay the proxy's CA, ProxyRelay.Builder.proxyTls)");
      assertThat(proxy.requestCount()).isZero();
    }
  }

  @ParameterizedTest(name = "https={0}")
  @ValueSource(booleans = {false, true})
  void certificateForAnotherNameIsRefused(boolean https) throws Exception {
    try (TestProxy proxy = Fixtures.proxy("basic");
        TlsFront front = Fixtures.tlsFront(OTHER_NAME, proxy);
        MockWebServer origin = Fixtures.origin(https, false);
        ProxyAuthHttpClient client = client("basic", discovery(front))) {
      IOException e = failure(client, Fixtures.url(origin, https, "/"));

      assertThat(e).hasMessageContaining("TLS handshake with the https proxy 127.0.0.1:"
          + front.port() + " failed: its certificate is not for 127.0.0.1")
          .hasMessageContaining("No subject alternative names matching IP address 127.0.0.1");
      assertThat(proxy.requestCount()).isZero();
    }
  }

  @Test
  void plainProxyBehindAnHttpsUrlIsA502SayingSo() throws Exception {
    try (TestProxy plain = Fixtures.proxy("basic"); // answers the ClientHello with a 400
        MockWebServer origin = Fixtures.origin(false, false);
        ProxyRelay relay = ProxyRelay.builder(Fixtures.authenticator("basic", PASSWORD))
            .upstream(selector(HttpsProxy.of("127.0.0.1", plain.port()))).build()) {
      HttpClient bare = HttpClient.newBuilder().proxy(relay.proxySelector()).build();
      HttpResponse<String> response = bare.send(HttpRequest.newBuilder(
          Fixtures.url(origin, false, "/")).header(ProxyRelay.SECRET_HEADER, relay.secret())
          .build(), HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(502);
      assertThat(response.headers().firstValue("Proxy-Relay-Error")).get().asString()
          .startsWith("TLS handshake with the https proxy 127.0.0.1:" + plain.port()
              + " failed: it did not answer in TLS: is it a plain http:// proxy?");
      assertThat(plain.requests()).isEmpty(); // no request went there in clear
      assertThat(origin.getRequestCount()).isZero();
    }
  }

  @Test
  void silentProxyEndsAtTheConnectDeadlineNotInAHang() throws Exception {
    try (SilentProxy silent = new SilentProxy();
        MockWebServer origin = Fixtures.origin(true, false);
        ProxyAuthHttpClient client = client("basic",
            selector(HttpsProxy.of("127.0.0.1", silent.port())))) {
      IOException e = failure(client, Fixtures.url(origin, true, "/"));

      assertThat(e).hasMessageContaining("TLS handshake with the https proxy 127.0.0.1:"
          + silent.port() + " failed: it did not complete within 10 s of connecting");
      assertThat(silent.received()).startsWith("\u0016\u0003"); // a ClientHello, nothing else
      assertThat(origin.getRequestCount()).isZero();
    }
  }

  private static IOException failure(ProxyAuthHttpClient client, URI uri) {
    IOException e = catchThrowableOfType(IOException.class,
        () -> client.send(get(uri), HttpResponse.BodyHandlers.ofString()));
    assertThat(e).as("the request must fail").isNotNull();
    return e;
  }

  /** Accepts connections and reads what comes, never answering: a proxy that hangs. */
  static final class SilentProxy implements AutoCloseable {
    private final ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
    private final StringBuilder received = new StringBuilder();
    private final Thread thread = new Thread(this::serve, "silent-proxy");

    SilentProxy() throws IOException {
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return server.getLocalPort();
    }

    synchronized String received() {
      return received.toString();
    }

    private void serve() {
      while (!server.isClosed()) {
        try (Socket socket = server.accept()) {
          socket.setSoTimeout(60_000); // the relay closes first; this only bounds the test
          byte[] buffer = new byte[4096];
          for (int n; (n = socket.getInputStream().read(buffer)) >= 0; ) {
            synchronized (this) {
              received.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
          }
        } catch (IOException e) {
          // closed, or a client that went away
        }
      }
    }

    @Override
    public void close() throws Exception {
      server.close();
      thread.join(5_000);
    }
  }
}
