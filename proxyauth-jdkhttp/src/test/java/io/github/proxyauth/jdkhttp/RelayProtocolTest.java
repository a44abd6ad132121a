package io.github.proxyauth.jdkhttp;

import static io.github.proxyauth.jdkhttp.Fixtures.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.proxyauth.Diagnosis;
import io.github.proxyauth.ProxyAuthException;
import io.github.proxyauth.testkit.Fault;
import io.github.proxyauth.testkit.TestProxy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the relay copes with the ways proxies frame and end their answers. */
class RelayProtocolTest {

  @ParameterizedTest(name = "{0} {1} https={2}")
  @CsvSource({"basic,CHUNKED_407_BODY,false", "basic,CHUNKED_407_BODY,true",
      "basic,CLOSE_DELIMITED_407_BODY,false", "basic,CLOSE_DELIMITED_407_BODY,true",
      "basic,CLOSE_ON_407,true", "digest,PROXY_CONNECTION_CLOSE_ON_407,true",
      "ntlm,CHUNKED_407_BODY,true", "ntlm,CHUNKED_407_BODY,false"})
  void drains407BodiesAndReconnectsWhenTheProxyCloses(String scheme, Fault fault, boolean https)
      throws Exception {
    try (TestProxy proxy = Fixtures.proxy(scheme);
        MockWebServer origin = Fixtures.origin(https, false);
        ProxyAuthHttpClient client = Fixtures.client(proxy,
            Fixtures.authenticator(scheme, PASSWORD), HttpClient.Version.HTTP_1_1)) {
      proxy.injectFaults(fault);

      HttpResponse<String> response = client.send(
          SchemeMatrixTest.get(Fixtures.url(origin, https, "/")),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.body()).isEqualTo("hello GET 0");
    }
  }

  @Test
  void ntlmAgainstProxyThatClosesAfterEvery407ExplainsKeepAlive() throws Exception {
    try (TestProxy proxy = Fixtures.proxy("ntlm");
        MockWebServer origin = Fixtures.origin(true, false);
        ProxyAuthHttpClient client = Fixtures.client(proxy,
            Fixtures.authenticator("ntlm", PASSWORD), HttpClient.Version.HTTP_1_1)) {
      proxy.injectFaults(Fault.CLOSE_ON_407);

      ProxyAuthException e = catchThrowableOfType(ProxyAuthException.class, () -> client.send(
          SchemeMatrixTest.get(Fixtures.url(origin, true, "/")),
          HttpResponse.BodyHandlers.ofString()));

      assertThat(e.diagnosis()).get().extracting(Diagnosis::reason)
          .isEqualTo(Diagnosis.Reason.PROTOCOL_ERROR);
      assertThat(e.getMessage()).contains("keep-alive");
    }
  }

  @Test
  void relaysChunkedOriginResponses() throws Exception {
    try (TestProxy proxy = Fixtures.proxy("basic");
        MockWebServer origin = new MockWebServer();
        ProxyAuthHttpClient client = Fixtures.client(proxy,
            Fixtures.authenticator("basic", PASSWORD), HttpClient.Version.HTTP_1_1)) {
      origin.enqueue(new MockResponse.Builder().chunkedBody("c".repeat(100_000), 777).build());
      origin.start(InetAddress.getByName("127.0.0.1"), 0);

      HttpResponse<String> response = client.send(
          SchemeMatrixTest.get(Fixtures.url(origin, false, "/chunked")),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.body()).hasSize(100_000);
    }
  }

  @Test
  void relaysHttp10CloseDelimitedReplies() throws Exception {
    try (ServerSocket oldProxy = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        ProxyAuthHttpClient client = ProxyAuthHttpClient.wrap(HttpClient.newBuilder(),
            Fixtures.authenticator("basic", PASSWORD),
            ProxySelector.of((java.net.InetSocketAddress) oldProxy.getLocalSocketAddress()))) {
      Thread server = new Thread(() -> answerOnceHttp10(oldProxy), "old-proxy");
      server.setDaemon(true);
      server.start();

      HttpResponse<String> response = client.send(
          SchemeMatrixTest.get(URI.create("http://origin.test/old")),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("body until close, ".repeat(1000));
      server.join(5_000);
    }
  }

  /** A recording fake of an HTTP/1.0 proxy: no auth, no length, closes after one answer. */
  private static void answerOnceHttp10(ServerSocket server) {
    try (Socket socket = server.accept()) {
      socket.setSoTimeout(10_000);
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          return;
        }
        head.write(b);
      }
      socket.getOutputStream().write(("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n"
          + "body until close, ".repeat(1000)).getBytes(StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
