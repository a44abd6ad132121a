package io.github.proxyauth.httpclient5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.discovery.ProxyDiscovery;
import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.TestProxy;
import io.github.proxyauth.testkit.TlsFront;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ProxySelector;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLException;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClientBuilder;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.io.CloseMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * https proxies ({@code HttpsProxy}, from a discovery with {@code tlsProxies(true)}) through
 * {@code configure(builder, engine, selector)}: the test kit's proxy behind a {@link TlsFront}.
 * HttpClient opens TLS to the proxy with the connection manager's TLS strategy (here trusting the
 * test CA), checks its certificate and name, and authenticates over that connection. A plain
 * proxy named as https fails the TLS handshake, so nothing is sent to it in clear.
 */
class HttpsProxyHopTest {
  /** Trusted by neither client. */
  private static final HeldCertificate SELF_SIGNED = new HeldCertificate.Builder()
      .addSubjectAlternativeName("localhost").build();
  /**
   * Signed by the trusted test CA for the origin's name (localhost) only, so it fails only if
   * the proxy's own name (127.0.0.1 here) is the one checked.
   */
  private static final HeldCertificate ORIGIN_NAME_ONLY = new HeldCertificate.Builder()
      .addSubjectAlternativeName("localhost").signedBy(Fixtures.ROOT).build();

  @ParameterizedTest(name = "{0} {1} https origin={2}")
  @CsvSource({"CLASSIC,BASIC,false", "CLASSIC,BASIC,true", "CLASSIC,NTLM,false",
      "CLASSIC,NTLM,true", "ASYNC,BASIC,false", "ASYNC,NTLM,false"})
  void authenticatesOverTlsToTheProxy(Mode mode, Scheme scheme, boolean https) throws Exception {
    try (TestProxy proxy = scheme.proxy(); TlsFront front = front(Fixtures.SERVER, proxy);
        MockWebServer origin = Fixtures.origin(https)) {
      ProxySelector discovery = discovery(front.port());
      String url = Fixtures.url(origin, "/x");

      assertThat(get(mode, scheme, discovery, url, url)).isEqualTo("200 hello /x");

      assertThat(proxy.requests()).anySatisfy(r -> {
        assertThat(r.auth()).isEqualTo(RecordedRequest.Auth.ACCEPTED);
        assertThat(r.user()).contains(Scheme.USER);
      });
      assertThat(proxy.requests()).allSatisfy(r -> assertThat(r.isConnect()).isEqualTo(https));
      // Every connection the proxy saw came through the TLS front.
      assertThat(front.handshakes()).isPositive().isEqualTo(proxy.connectionCount());
      assertThat(origin.getRequestCount()).isEqualTo(2);
      for (int i = 0; i < 2; i++) {
        assertThat(origin.takeRequest().getHeaders().get("Proxy-Authorization")).isNull();
      }
    }
  }

  /** The same with a fixed {@code https} proxy host instead of a selector. */
  @ParameterizedTest(name = "{0} https origin={1}")
  @CsvSource({"CLASSIC,false", "CLASSIC,true", "ASYNC,false"})
  void fixedHttpsProxyHostAuthenticatesOverTls(Mode mode, boolean https) throws Exception {
    try (TestProxy proxy = Scheme.NTLM.proxy(); TlsFront front = front(Fixtures.SERVER, proxy);
        MockWebServer origin = Fixtures.origin(https)) {
      HttpHost host = new HttpHost("https", InetAddress.getLoopbackAddress(), "localhost",
          front.port());
      String url = Fixtures.url(origin, "/x");

      assertThat(get(mode, Scheme.NTLM, host, url, url)).isEqualTo("200 hello /x");
      assertThat(proxy.requests()).anyMatch(r -> r.auth() == RecordedRequest.Auth.ACCEPTED);
      assertThat(front.handshakes()).isPositive().isEqualTo(proxy.connectionCount());
    }
  }

  @Test
  void asyncRefusesAnHttpsOriginThroughAFixedHttpsProxyHost() throws Exception {
    try (TestProxy proxy = Scheme.BASIC.proxy(); TlsFront front = front(Fixtures.SERVER, proxy);
        MockWebServer origin = Fixtures.origin(true)) {
      HttpHost host = new HttpHost("https", InetAddress.getLoopbackAddress(), "localhost",
          front.port());

      Throwable thrown = catchThrowable(() -> get(Mode.ASYNC, Scheme.BASIC, host,
          Fixtures.url(origin, "/x")));

      assertThat(causeOf(thrown, IllegalStateException.class))
          .hasMessageContaining("TLS already activated");
      assertThat(front.handshakes()).isZero();
      assertThat(proxy.connectionCount()).isZero();
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Scheme.class, names = {"BASIC", "NTLM"})
  void asyncRefusesAnHttpsOriginThroughAnHttpsProxyBeforeConnecting(Scheme scheme)
      throws Exception {
    try (TestProxy proxy = scheme.proxy(); TlsFront front = front(Fixtures.SERVER, proxy);
        MockWebServer origin = Fixtures.origin(true)) {
      Throwable thrown = catchThrowable(() -> get(Mode.ASYNC, scheme, discovery(front.port()),
          Fixtures.url(origin, "/x")));

      assertThat(causeOf(thrown, IllegalStateException.class))
          .hasMessageContaining("async client cannot reach https://" + origin.getHostName() + ":"
              + origin.getPort())
          .hasMessageContaining("through the https proxy https://localhost:" + front.port())
          .hasMessageContaining("TLS already activated").hasMessageContaining("classic client")
          .hasMessageContaining("LocalProxy").hasMessageNotContaining(Scheme.PASSWORD);
      assertThat(front.handshakes()).isZero();
      assertThat(proxy.connectionCount()).isZero();
      assertThat(origin.getRequestCount()).isZero();
    }
  }

  @ParameterizedTest(name = "{0} https origin={1}")
  @CsvSource({"CLASSIC,false", "CLASSIC,true", "ASYNC,false"})
  void untrustedProxyCertificateFailsTheHandshake(Mode mode, boolean https) throws Exception {
    try (TestProxy proxy = Scheme.BASIC.proxy(); TlsFront front = front(SELF_SIGNED, proxy);
        MockWebServer origin = Fixtures.origin(https)) {
      Throwable thrown = catchThrowable(() -> get(mode, Scheme.BASIC, discovery(front.port()),
          Fixtures.url(origin, "/x")));

      assertThat(causeOf(thrown, SSLException.class)).isNotNull();
      assertThat(front.handshakes()).isZero();
      assertThat(proxy.requests()).isEmpty();
      assertThat(origin.getRequestCount()).isZero();
    }
  }

  @ParameterizedTest(name = "{0} https origin={1}")
  @CsvSource({"CLASSIC,false", "CLASSIC,true", "ASYNC,false"})
  void proxyCertificateForAnotherNameFailsTheHandshake(Mode mode, boolean https)
      throws Exception {
    try (TestProxy proxy = Scheme.BASIC.proxy(); TlsFront front = front(ORIGIN_NAME_ONLY, proxy);
        MockWebServer origin = Fixtures.origin(https)) {
      ProxySelector byAddress = ProxyDiscovery.builder()
          .proxy("https://127.0.0.1:" + front.port()).tlsProxies(true).build();
      assertThat(origin.getHostName()).isEqualTo("localhost");

      Throwable thrown = catchThrowable(() -> get(mode, Scheme.BASIC, byAddress,
          Fixtures.url(origin, "/x")));

      assertThat(causeOf(thrown, SSLException.class)).isNotNull();
      assertThat(proxy.requests()).isEmpty();
      assertThat(origin.getRequestCount()).isZero();
    }
  }

  /** A plain proxy named as https: the TLS handshake fails, no request reaches it in clear. */
  @ParameterizedTest(name = "{0} https origin={1}")
  @CsvSource({"CLASSIC,false", "CLASSIC,true", "ASYNC,false"})
  void plainProxyNamedAsHttpsFailsWithTlsNotInClear(Mode mode, boolean https) throws Exception {
    try (TestProxy proxy = Scheme.BASIC.proxy(); MockWebServer origin = Fixtures.origin(https)) {
      Throwable thrown = catchThrowable(() -> get(mode, Scheme.BASIC, discovery(proxy.port()),
          Fixtures.url(origin, "/x")));

      assertThat(causeOf(thrown, SSLException.class)).isNotNull();
      assertThat(proxy.requests()).allSatisfy(r -> {
        assertThat(r.header("Proxy-Authorization")).isEmpty();
        assertThat(r.auth()).isNotEqualTo(RecordedRequest.Auth.ACCEPTED);
      });
      assertThat(proxy.requests()).noneMatch(r -> r.target().contains("/x"));
      assertThat(origin.getRequestCount()).isZero();
    }
  }

  @ParameterizedTest(name = "{0} https origin={1}")
  @CsvSource({"CLASSIC,false", "CLASSIC,true", "ASYNC,false", "ASYNC,true"})
  void plainProxyFromTheSelectorAuthenticates(Mode mode, boolean https) throws Exception {
    try (TestProxy proxy = Scheme.BASIC.proxy(); MockWebServer origin = Fixtures.origin(https)) {
      ProxyDiscovery discovery = ProxyDiscovery.builder()
          .proxy("http://localhost:" + proxy.port()).build();

      assertThat(get(mode, Scheme.BASIC, discovery, Fixtures.url(origin, "/x")))
          .isEqualTo("200 hello /x");
      assertThat(proxy.requests()).anyMatch(r -> r.auth() == RecordedRequest.Auth.ACCEPTED);
    }
  }

  private static TlsFront front(HeldCertificate certificate, TestProxy proxy) throws IOException {
    return TlsFront.start(new HandshakeCertificates.Builder().heldCertificate(certificate).build()
        .sslContext(), proxy.address());
  }

  private static ProxySelector discovery(int port) {
    return ProxyDiscovery.builder().proxy("https://localhost:" + port).tlsProxies(true).build();
  }

  /** Returns "CODE body" of the last of GETs of {@code urls}, in one client. */
  private static String get(Mode mode, Scheme scheme, ProxySelector selector, String... urls)
      throws IOException {
    ProxyAuthenticator engine = scheme.engine(Scheme.PASSWORD).build();
    return get(mode, b -> ProxyAuthHttpClient5.configure(b, engine, selector),
        b -> ProxyAuthHttpClient5.configure(b, engine, selector), urls);
  }

  /** As {@link #get(Mode, Scheme, ProxySelector, String...)}, with a fixed proxy host. */
  private static String get(Mode mode, Scheme scheme, HttpHost proxy, String... urls)
      throws IOException {
    ProxyAuthenticator engine = scheme.engine(Scheme.PASSWORD).build();
    return get(mode, b -> ProxyAuthHttpClient5.configure(b, engine, proxy),
        b -> ProxyAuthHttpClient5.configure(b, engine, proxy), urls);
  }

  private static String get(Mode mode, UnaryOperator<HttpClientBuilder> classic,
      UnaryOperator<HttpAsyncClientBuilder> async, String... urls) throws IOException {
    String last = null;
    if (mode == Mode.CLASSIC) {
      CloseableHttpClient client = classic.apply(Fixtures.classic(4)).build();
      try {
        for (String url : urls) {
          last = Fixtures.get(client, url);
        }
        return last;
      } finally {
        client.close(CloseMode.GRACEFUL);
      }
    }
    CloseableHttpAsyncClient client = async.apply(Fixtures.async(4)).build();
    client.start();
    try {
      for (String url : urls) {
        last = Fixtures.get(client, url);
      }
      return last;
    } finally {
      client.close(CloseMode.GRACEFUL);
    }
  }

  /** Returns the first {@code type} in the cause chain of {@code thrown}, or null. */
  private static <T extends Throwable> T causeOf(Throwable thrown, Class<T> type) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    throw new AssertionError("expected a " + type.getSimpleName() + " in the causes of "
        + thrown, thrown);
  }
}
