package io.github.proxyauth.jdkhttp;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.testkit.TestProxy;
import io.github.proxyauth.testkit.TlsFront;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Protocol;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/** Shared test setup: TLS certificates, origins, proxies and clients. */
final class Fixtures {
  static final String USER = "alice";
  static final String PASSWORD = "canary-Pa55w0rd-7731";
  static final String WRONG = "canary-Wr0ng-4410";
  static final String DOMAIN = "CORP";
  static final HeldCertificate ROOT = new HeldCertificate.Builder().certificateAuthority(0)
      .commonName("proxyauth test CA").build();
  static final HeldCertificate SERVER = new HeldCertificate.Builder()
      .addSubjectAlternativeName("127.0.0.1").addSubjectAlternativeName("localhost")
      .signedBy(ROOT).build();
  static final SSLContext CLIENT_TLS = new HandshakeCertificates.Builder()
      .addTrustedCertificate(ROOT.certificate()).build().sslContext();

  private Fixtures() {}

  /** Returns a started TLS front with {@code certificate} for {@code proxy}: an https proxy. */
  static TlsFront tlsFront(HeldCertificate certificate, TestProxy proxy) throws IOException {
    return TlsFront.start(new HandshakeCertificates.Builder().heldCertificate(certificate).build()
        .sslContext(), proxy.address());
  }

  /** Returns a started origin answering "hello METHOD bodySize"; h2 when {@code http2}. */
  static MockWebServer origin(boolean https, boolean http2) throws IOException {
    MockWebServer server = new MockWebServer();
    if (https) {
      server.useHttps(new HandshakeCertificates.Builder().heldCertificate(SERVER).build()
          .sslSocketFactory());
      server.setProtocols(http2 ? List.of(Protocol.HTTP_2, Protocol.HTTP_1_1)
          : List.of(Protocol.HTTP_1_1));
    }
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        if ("HEAD".equals(request.getMethod())) {
          // MockWebServer writes whatever body it is given, even after HEAD (RFC 9110 §9.3.2
          // forbids one); a proxy that reuses the connection then reads it as the next status line.
          return new MockResponse.Builder().build();
        }
        return new MockResponse.Builder()
            .body("hello " + request.getMethod() + " " + request.getBodySize()).build();
      }
    });
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    return server;
  }

  static URI url(MockWebServer origin, boolean https, String path) {
    return URI.create((https ? "https" : "http") + "://127.0.0.1:" + origin.getPort() + path);
  }

  /** Returns a proxy requiring {@code scheme} (basic, digest, ntlm) of {@link #USER}. */
  static TestProxy proxy(String scheme) throws IOException {
    TestProxy.Builder builder = TestProxy.builder().user(USER, PASSWORD);
    switch (scheme) {
      case "basic" -> builder.basic("corp");
      case "digest" -> builder.digest("corp");
      case "ntlm" -> builder.ntlm(DOMAIN);
      default -> throw new IllegalArgumentException(scheme);
    }
    return builder.build();
  }

  static ProxyAuthenticator authenticator(String scheme, String password) {
    AuthScheme s = switch (scheme) {
      case "basic" -> AuthScheme.basic();
      case "digest" -> AuthScheme.digest();
      case "ntlm" -> AuthScheme.ntlm();
      default -> throw new IllegalArgumentException(scheme);
    };
    String user = scheme.equals("ntlm") ? DOMAIN + "\\" + USER : USER;
    return ProxyAuthenticator.builder().credentials(Credentials.of(user, password.toCharArray()))
        .schemes(s).build();
  }

  static ProxySelector upstream(TestProxy proxy) {
    return ProxySelector.of(proxy.address());
  }

  static ProxyAuthHttpClient client(TestProxy proxy, ProxyAuthenticator auth,
      HttpClient.Version version) {
    return ProxyAuthHttpClient.wrap(HttpClient.newBuilder().sslContext(CLIENT_TLS)
        .version(version), auth, upstream(proxy));
  }

  /** Returns the loopback listener the client's selector chose for {@code uri}. */
  static InetSocketAddress relayAddress(HttpClient client, URI uri) {
    return (InetSocketAddress) client.proxy().orElseThrow().select(uri).get(0).address();
  }

  static Set<Thread> relayThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("proxyauth-relay-") && t.isAlive())
        .collect(Collectors.toSet());
  }

  /** Returns the relay threads still alive after waiting (bounded) for each to end. */
  static Set<Thread> relayThreadsAfterJoin() throws InterruptedException {
    for (Thread t : relayThreads()) {
      t.join(5_000);
    }
    return relayThreads();
  }
}
