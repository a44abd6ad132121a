package io.github.proxyauth.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.Credentials;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.discovery.ProxyDiscovery;
import io.github.proxyauth.testkit.RecordedRequest;
import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A test kit proxy (Basic, user alice) in front of a MockWebServer origin on loopback, local
 * proxies built against it that log to {@link #entries}, and every log record captured in
 * {@link #logged}: the set-up of the {@link LocalProxy} tests.
 */
abstract class LocalProxyFixture {
  static final String UPSTREAM_PASSWORD = "canary-upstream-Pw-5521";
  static final String LOCAL_PASSWORD = "canary-local-Pw-8812";
  static final String QUERY_SECRET = "canary-query-token-3307";
  static final HeldCertificate ROOT = new HeldCertificate.Builder().certificateAuthority(0)
      .build();
  static final HeldCertificate SERVER = new HeldCertificate.Builder()
      .addSubjectAlternativeName("127.0.0.1").signedBy(ROOT).build();

  TestProxy upstream;
  MockWebServer origin;
  final BlockingQueue<AccessLogEntry> entries = new LinkedBlockingQueue<>();
  final List<String> logged = new CopyOnWriteArrayList<>();
  final List<String> responses = new CopyOnWriteArrayList<>();
  final List<LocalProxy> proxies = new ArrayList<>();
  /** A request for {@code /slow...} reached the origin, which answers once {@link #release}d. */
  final CountDownLatch arrived = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);
  final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord r) {
      logged.add(r.getLevel() + " " + r.getMessage() + " " + r.getThrown());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void start() throws IOException {
    Logger.getLogger("").addHandler(handler);
    upstream = TestProxy.builder().user("alice", UPSTREAM_PASSWORD).basic("corp").build();
    origin = new MockWebServer();
    origin.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(mockwebserver3.RecordedRequest request)
          throws InterruptedException {
        if (request.getTarget().startsWith("/slow")) {
          arrived.countDown();
          release.await(20, TimeUnit.SECONDS); // bounded: a broken test still ends
          return new MockResponse.Builder().body("slow body").build();
        }
        return new MockResponse.Builder().body("hello " + request.getMethod()).build();
      }
    });
    origin.start(InetAddress.getByName("127.0.0.1"), 0);
  }

  @AfterEach
  void stop() {
    release.countDown();
    proxies.forEach(LocalProxy::close);
    upstream.close();
    origin.close();
    Logger.getLogger("").removeHandler(handler);
  }

  static ProxyAuthenticator engine(String password) {
    return ProxyAuthenticator.builder()
        .credentials(Credentials.of("alice", password.toCharArray()))
        .schemes(AuthScheme.basic()).build();
  }

  LocalProxy.Builder builder(String upstreamPassword) {
    return LocalProxy.builder(engine(upstreamPassword))
        .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .upstream(ProxySelector.of(upstream.address()))
        .accessLog(entries::add);
  }

  LocalProxy started(LocalProxy.Builder builder) throws IOException {
    LocalProxy proxy = builder.build();
    proxies.add(proxy);
    return proxy;
  }

  String url(String path) {
    return "http://127.0.0.1:" + origin.getPort() + path;
  }

  AccessLogEntry nextEntry() throws InterruptedException {
    AccessLogEntry entry = entries.poll(10, TimeUnit.SECONDS);
    assertThat(entry).as("an access log entry within 10 s").isNotNull();
    return entry;
  }

  /** Sends {@code request} on a new connection; returns the response (head and body). */
  String exchange(LocalProxy proxy, String request) throws IOException {
    try (Socket socket = Wire.connect(proxy.address())) {
      Wire.send(socket, request);
      String response = Wire.response(socket.getInputStream());
      responses.add(response);
      return response;
    }
  }

}
