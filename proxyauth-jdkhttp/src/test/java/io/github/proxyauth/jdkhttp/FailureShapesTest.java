package io.github.proxyauth.jdkhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The wrapper fails the way a bare HttpClient does: dead proxies, closed clients, one diagnosis. */
class FailureShapesTest {

  enum Call { SEND, SEND_ASYNC }

  static Stream<Arguments> targetsAndCalls() {
    return Stream.of("http", "https").flatMap(t -> Stream.of(Call.values())
        .map(c -> Arguments.of(t, c)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("targetsAndCalls")
  void refusedProxyPortThrowsConnectExceptionWithTheRelaysExplanation(String target, Call call)
      throws Exception {
    int dead = deadPort();
    try (ProxyAuthHttpClient client = wrap(new InetSocketAddress("127.0.0.1", dead))) {
      Throwable thrown = send(client, call, URI.create(target + "://origin.example/x"));

      assertThat(thrown).isExactlyInstanceOf(ConnectException.class)
          .hasMessageContaining("Could not connect to the proxy 127.0.0.1:" + dead)
          .hasMessageContaining("Connection refused");
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("targetsAndCalls")
  void unresolvableProxyHostThrowsUnknownHostException(String target, Call call)
      throws Exception {
    try (ProxyAuthHttpClient client = wrap(
        InetSocketAddress.createUnresolved("no-such-proxy.invalid", 3128))) {
      Throwable thrown = send(client, call, URI.create(target + "://origin.example/x"));

      assertThat(thrown).isExactlyInstanceOf(UnknownHostException.class)
          .hasMessageContaining("Could not connect to the proxy no-such-proxy.invalid:3128");
    }
  }

  @Test
  void sendAfterCloseSaysTheClientIsClosed() throws Exception {
    ProxyAuthHttpClient client = wrap(new InetSocketAddress("127.0.0.1", deadPort()));
    client.close();
    URI uri = URI.create("http://origin.example/x");

    assertThat(send(client, Call.SEND, uri)).isExactlyInstanceOf(IOException.class)
        .hasMessage(Failures.CLOSED);
    assertThat(send(client, Call.SEND_ASYNC, uri)).isExactlyInstanceOf(IOException.class)
        .hasMessage(Failures.CLOSED);
  }

  /**
   * JDK 17 has no {@code HttpClient.close()}: closing stops the relay at once and the request in
   * flight fails, saying why. JDK 21+ closes the wrapped client first, which waits for it.
   */
  @Test
  void closeDuringARequestFailsItOnJdk17AndWaitsForItOnJdk21() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (TestProxy proxy = Fixtures.proxy("basic"); MockWebServer origin = new MockWebServer()) {
      origin.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
          arrived.countDown();
          release.await(30, TimeUnit.SECONDS);
          return new MockResponse.Builder().body("late").build();
        }
      });
      origin.start(InetAddress.getLoopbackAddress(), 0);
      ProxyAuthHttpClient client = Fixtures.client(proxy,
          Fixtures.authenticator("basic", Fixtures.PASSWORD), HttpClient.Version.HTTP_1_1);
      CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(HttpRequest.newBuilder(
          Fixtures.url(origin, false, "/slow")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(arrived.await(30, TimeUnit.SECONDS)).isTrue();

      if (Runtime.version().feature() >= 21) {
        CompletableFuture<Void> closing = CompletableFuture.runAsync(client::close);
        release.countDown();
        assertThat(inFlight.get(30, TimeUnit.SECONDS).body()).isEqualTo("late");
        closing.get(30, TimeUnit.SECONDS);
      } else {
        client.close(); // returns at once: the relay and its connections are gone
        release.countDown();
        Throwable thrown = catchThrowable(() -> inFlight.get(30, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class).cause()
            .isExactlyInstanceOf(IOException.class).hasMessage(Failures.CLOSED_IN_FLIGHT);
      }
      assertThat(send(client, Call.SEND, URI.create("http://origin.example/x")))
          .hasMessage(Failures.CLOSED);
    }
  }

  @Test
  void rejectedLoginPrintsItsDiagnosisOnce() throws Exception {
    try (TestProxy proxy = Fixtures.proxy("basic");
        ProxyAuthHttpClient client = Fixtures.client(proxy,
            Fixtures.authenticator("basic", Fixtures.WRONG), HttpClient.Version.HTTP_1_1)) {
      Throwable thrown = send(client, Call.SEND, URI.create("http://origin.example/x"));

      assertThat(thrown).isInstanceOf(ProxyAuthException.class);
      StringWriter trace = new StringWriter();
      thrown.printStackTrace(new PrintWriter(trace));
      assertThat(trace.toString().split("Proxy authentication with ", -1)).hasSize(2);
      assertThat(trace.toString()).doesNotContain(Fixtures.WRONG);
    }
  }

  static ProxyAuthHttpClient wrap(InetSocketAddress upstream) {
    return ProxyAuthHttpClient.wrap(HttpClient.newBuilder().sslContext(Fixtures.CLIENT_TLS)
        .connectTimeout(Duration.ofSeconds(10)), Fixtures.authenticator("basic",
            Fixtures.PASSWORD), ProxySelector.of(upstream));
  }

  static Throwable send(HttpClient client, Call call, URI uri) {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build();
    if (call == Call.SEND) {
      return catchThrowable(() -> client.send(request, HttpResponse.BodyHandlers.ofString()));
    }
    Throwable thrown = catchThrowable(() -> client.sendAsync(request,
        HttpResponse.BodyHandlers.ofString()).get(30, TimeUnit.SECONDS));
    assertThat(thrown).isInstanceOf(ExecutionException.class);
    return thrown.getCause();
  }

  static int deadPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
