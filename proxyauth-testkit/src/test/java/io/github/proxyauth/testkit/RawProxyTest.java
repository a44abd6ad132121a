package io.github.proxyauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RawProxyTest {

  @Test
  void replaysTheResponsesInOrderAndRepeatsTheLast() throws Exception {
    try (RawProxy proxy = RawProxy.replaying("HTTP/1.1 407 A\r\nContent-Length: 0\r\n\r\n",
        "HTTP/1.1 200 B\r\nContent-Length: 0\r\n\r\n");
        Socket client = connect(proxy)) {
      client.getOutputStream().write(("GET http://o.test/ HTTP/1.1\r\nHost: o.test\r\n\r\n"
          + "GET http://o.test/ HTTP/1.1\r\nProxy-Authorization: Basic c2VjcmV0\r\n\r\n"
          + "GET http://o.test/ HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));

      assertThat(read(client.getInputStream(), 3)).containsSubsequence("407 A", "200 B", "200 B");
      assertThat(proxy.requests()).containsExactly("GET http://o.test/ HTTP/1.1 -",
          "GET http://o.test/ HTTP/1.1 Basic", "GET http://o.test/ HTTP/1.1 -");
      assertThat(String.join("", proxy.requests())).doesNotContain("c2VjcmV0");
      assertThat(proxy.connections()).isEqualTo(1);
    }
  }

  @Test
  void aScriptReadsTheBodyAndSeesTheConnectionClose() throws Exception {
    try (RawProxy proxy = RawProxy.start(request -> {
      byte[] body = request.in().readNBytes(5);
      request.out().write(("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n"
          + new String(body, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1));
      return true;
    })) {
      try (Socket client = connect(proxy)) {
        client.getOutputStream().write(("POST http://o.test/ HTTP/1.1\r\nContent-Length: 5\r\n"
            + "\r\nhello").getBytes(StandardCharsets.ISO_8859_1));

        assertThat(read(client.getInputStream(), 1)).endsWith("\r\n\r\n");
        assertThat(new String(client.getInputStream().readNBytes(5), StandardCharsets.ISO_8859_1))
            .isEqualTo("hello");
        assertThat(proxy.awaitRequest(Duration.ofSeconds(5))).isTrue();
        assertThat(proxy.openConnections()).isEqualTo(1);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (proxy.openConnections() > 0 && System.nanoTime() < deadline) {
        java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L); // a bounded poll of a count
      }
      assertThat(proxy.openConnections()).isZero();
      assertThat(proxy.lastClosedNanos()).isNotZero();
    }
  }

  private static Socket connect(RawProxy proxy) throws IOException {
    Socket socket = new Socket(proxy.address().getAddress(), proxy.address().getPort());
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** Reads {@code heads} response heads (no bodies: the tests' responses have none). */
  private static String read(InputStream in, int heads) throws IOException {
    StringBuilder seen = new StringBuilder();
    for (int found = 0; found < heads; ) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      seen.append((char) b);
      if (seen.length() >= 4 && seen.substring(seen.length() - 4).equals("\r\n\r\n")) {
        found++;
      }
    }
    return seen.toString();
  }
}
