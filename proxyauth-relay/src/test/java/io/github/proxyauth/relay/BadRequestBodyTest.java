package io.github.proxyauth.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.testkit.RawProxy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 18, bad input: a request with a good head and a malformed body. The local proxy streams,
 * so the head (and the body up to the error) has gone upstream when the error shows; it must then
 * abort the request by closing that upstream connection, so that the next hop never sees a
 * complete request, answer the client 400 naming the framing error, and keep serving.
 */
class BadRequestBodyTest {

  /** A body that breaks its framing after a good first part. */
  enum BadBody {
    /** A chunk, then a chunk size that is not hexadecimal. */
    BAD_CHUNK_SIZE("Transfer-Encoding: chunked", "5\r\nhello\r\n", "zz\r\nmore\r\n0\r\n\r\n",
        "a hexadecimal chunk size"),
    /** A chunk whose data runs past its size (no CRLF after it). */
    BAD_CHUNK_END("Transfer-Encoding: chunked", "5\r\nhello\r\n", "4\r\nmore!!\r\n0\r\n\r\n",
        "CRLF after the chunk data"),
    /** A chunked body the client stops sending (half-close) before its last chunk. */
    TRUNCATED_CHUNKED("Transfer-Encoding: chunked", "5\r\nhello\r\n", null, "end of the stream"),
    /** Fewer bytes than the Content-Length, then a half-close. */
    TRUNCATED_LENGTH("Content-Length: 100", "hello", null, "100 body bytes");

    final String framing;
    final String good;
    /** What follows once the good part went upstream; null: the client half-closes instead. */
    final String rest;
    final String named;

    BadBody(String framing, String good, String rest, String named) {
      this.framing = framing;
      this.good = good;
      this.rest = rest;
      this.named = named;
    }
  }

  @ParameterizedTest
  @CsvSource({"BAD_CHUNK_SIZE, true", "BAD_CHUNK_END, true", "TRUNCATED_CHUNKED, true",
      "TRUNCATED_LENGTH, true", "BAD_CHUNK_SIZE, false", "BAD_CHUNK_END, false",
      "TRUNCATED_CHUNKED, false", "TRUNCATED_LENGTH, false"})
  void theUpstreamConnectionIsClosedWithoutACompleteRequest(BadBody bad, boolean viaProxy)
      throws Exception {
    BlockingQueue<String> uploads = new LinkedBlockingQueue<>();
    CountDownLatch goodPartArrived = new CountDownLatch(1);
    try (RawProxy upstream = RawProxy.start(request -> answer(request, goodPartArrived, uploads));
        LocalProxy relay = LocalProxy.builder(LocalProxyFixture.engine("unused"))
            .listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .upstream(ProxySelector.of(viaProxy ? upstream.address() : null)).build()) {
      String url = "http://127.0.0.1:" + upstream.address().getPort() + "/upload";
      String reply;
      try (Socket client = Wire.connect(relay.address())) {
        Wire.send(client, "POST " + url + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + bad.framing
            + "\r\n\r\n" + bad.good);
        assertThat(goodPartArrived.await(10, TimeUnit.SECONDS))
            .as("the head and the good part were streamed upstream").isTrue();
        if (bad.rest == null) {
          client.shutdownOutput();
        } else {
          Wire.send(client, bad.rest);
        }
        reply = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      }

      String seen = uploads.poll(10, TimeUnit.SECONDS);
      assertThat(reply).startsWith("HTTP/1.1 400").contains(bad.named);
      assertThat(seen).as("the upstream saw the POST end with its connection")
          .startsWith("POST ").containsAnyOf("\r\n\r\n5\r\nhello", "\r\n\r\nhello")
          .doesNotContain("\r\n0\r\n\r\n").doesNotContain("more!!");
      try (Socket next = Wire.connect(relay.address())) {
        Wire.send(next, Wire.get(url, ""));
        assertThat(Wire.response(next.getInputStream())).startsWith("HTTP/1.1 200")
            .endsWith("ok");
      }
    }
  }

  /**
   * Answers OPTIONS (the probe) and GET with 200; reads a POST's bytes until the connection ends
   * (counting {@code goodPart} down once "hello" came) and puts its head and those bytes in
   * {@code uploads}, never answering it.
   */
  private static boolean answer(RawProxy.Request request, CountDownLatch goodPart,
      BlockingQueue<String> uploads) throws IOException {
    String method = request.head().get(0).split(" ")[0];
    if (method.equals("POST")) {
      uploads.add(String.join("\r\n", request.head()) + "\r\n\r\n"
          + readToEnd(request.in(), goodPart));
      return false;
    }
    OutputStream out = request.out();
    out.write((method.equals("GET") ? "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
        : "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return true;
  }

  /** Reads until the peer closes (an end or a reset); the proxy's read timeout bounds it. */
  private static String readToEnd(InputStream in, CountDownLatch goodPart) {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    try {
      for (int b = in.read(); b >= 0; b = in.read()) {
        seen.write(b);
        if (seen.toString(StandardCharsets.ISO_8859_1).endsWith("hello")) {
          goodPart.countDown();
        }
      }
    } catch (IOException e) {
      // reset by the local proxy: the connection ended all the same
    }
    return seen.toString(StandardCharsets.ISO_8859_1);
  }
}
