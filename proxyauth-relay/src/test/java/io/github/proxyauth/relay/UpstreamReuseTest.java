package io.github.proxyauth.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.testkit.RawProxy;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 18: an upstream (a proxy, or an origin the local proxy reaches DIRECT) that puts a body on
 * its answer to HEAD (RFC 9110 §9.3.2 forbids one) leaves those bytes on the connection; the local
 * proxy must not pool it as if it were clean, so the next request on it gets its own answer.
 */
class UpstreamReuseTest {

  /** How the upstream misframes its answer to HEAD. */
  enum StrayBody {
    /** {@code Content-Length: 5} and 5 bytes, written with the head. */
    LENGTH_WITH_HEAD,
    /** A chunked body, written with the head. */
    CHUNKED_WITH_HEAD,
    /**
     * {@code Content-Length: 5}, the 5 bytes written once the next request on the connection
     * arrived: after any check the local proxy can make before it sends that request.
     */
    LENGTH_BEFORE_NEXT_ANSWER
  }

  @ParameterizedTest
  @CsvSource({"LENGTH_WITH_HEAD, true", "CHUNKED_WITH_HEAD, true",
      "LENGTH_BEFORE_NEXT_ANSWER, true", "LENGTH_WITH_HEAD, false", "CHUNKED_WITH_HEAD, false",
      "LENGTH_BEFORE_NEXT_ANSWER, false"})
  void aBodyAfterHeadDoesNotSpoilTheNextRequest(StrayBody stray, boolean viaProxy)
      throws Exception {
    Set<Socket> owing = ConcurrentHashMap.newKeySet();
    try (RawProxy upstream = RawProxy.start(request -> answer(request, stray, owing));
        LocalProxy relay = LocalProxy.builder(LocalProxyFixture.engine("unused"))
            .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .upstream(ProxySelector.of(viaProxy ? upstream.address() : null)).build()) {
      String url = "http://127.0.0.1:" + upstream.address().getPort() + "/file";
      HttpClient client = HttpClient.newBuilder().proxy(ProxySelector.of(relay.address()))
          .connectTimeout(Duration.ofSeconds(10)).build();

      HttpResponse<String> head = client.send(HttpRequest.newBuilder(URI.create(url))
          .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(20))
          .build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> get = client.send(HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> again = client.send(HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(head.statusCode()).isEqualTo(200);
      assertThat(get.statusCode()).as(get.body()).isEqualTo(200);
      assertThat(get.body()).isEqualTo("ok");
      assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
      assertThat(upstream.connections()).as("the connection after HEAD was not reused")
          .isEqualTo(2);
    }
  }

  /** Answers like an upstream that misframes HEAD; {@code owing}: connections owing a body. */
  private static boolean answer(RawProxy.Request request, StrayBody stray, Set<Socket> owing)
      throws IOException {
    String method = request.head().get(0).split(" ")[0];
    OutputStream out = request.out();
    if (owing.remove(request.socket())) {
      send(out, "hello");
    }
    switch (method) {
      case "HEAD" -> {
        switch (stray) {
          case LENGTH_WITH_HEAD -> send(out, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
          case CHUNKED_WITH_HEAD -> send(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked"
              + "\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
          case LENGTH_BEFORE_NEXT_ANSWER -> {
            send(out, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
            owing.add(request.socket());
          }
        }
      }
      case "GET" -> send(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
      default -> send(out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
    }
    return true;
  }

  private static void send(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

}
