package io.github.proxyauth.jdkhttp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, item 3: 300 connections that drip a request head do not lock the wrapper's own
 * requests out of the relay, and the relay closes the drippers instead of holding them.
 */
class SlowlorisTest {
  static final int DRIPPERS = 300;

  @Test
  void drippingConnectionsCannotHoldTheRelaysSlots() throws Exception {
    List<Socket> drippers = new ArrayList<>();
    try (TestProxy proxy = Fixtures.proxy("basic"); MockWebServer origin = Fixtures.origin(false,
        false); ProxyAuthHttpClient client = Fixtures.client(proxy,
        Fixtures.authenticator("basic", Fixtures.PASSWORD), HttpClient.Version.HTTP_1_1)) {
      URI url = Fixtures.url(origin, false, "/real");
      InetSocketAddress relay = Fixtures.relayAddress(client, url);
      for (int i = 0; i < DRIPPERS; i++) {
        Socket s = new Socket(relay.getAddress(), relay.getPort());
        s.getOutputStream().write("GET http://127.0.0.1/ HTTP/1.1\r\nHo"
            .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        drippers.add(s);
      }

      HttpResponse<String> response = client.send(HttpRequest.newBuilder(url)
          .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      long closed = 0;
      for (Socket s : drippers.subList(0, DRIPPERS - 64)) {
        closed += closedByRelay(s) ? 1 : 0;
      }
      assertThat(closed).isEqualTo(DRIPPERS - 64); // all but the newest 64 were evicted
    } finally {
      for (Socket s : drippers) {
        s.close();
      }
    }
  }

  private static boolean closedByRelay(Socket s) throws IOException {
    s.setSoTimeout(5_000);
    try {
      return s.getInputStream().read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset by the relay
    }
  }
}
