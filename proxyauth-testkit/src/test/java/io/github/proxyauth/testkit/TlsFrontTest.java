package io.github.proxyauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;

class TlsFrontTest {
  private static final HeldCertificate CERT = new HeldCertificate.Builder()
      .addSubjectAlternativeName("localhost").build();
  private static final SSLContext SERVER = new HandshakeCertificates.Builder()
      .heldCertificate(CERT).build().sslContext();
  private static final SSLContext TRUSTING = new HandshakeCertificates.Builder()
      .addTrustedCertificate(CERT.certificate()).build().sslContext();

  @Test
  void makesTheTestProxyAnHttpsProxy() throws Exception {
    try (MockWebServer origin = new MockWebServer();
        TestProxy proxy = TestProxy.builder().user("alice", "pw").basic("lab").build();
        TlsFront front = TlsFront.start(SERVER, proxy.address());
        SSLSocket client = connect(TRUSTING, front)) {
      origin.start(InetAddress.getLoopbackAddress(), 0);
      origin.enqueue(new MockResponse.Builder().body("hello").build());
      String target = "http://127.0.0.1:" + origin.getPort() + "/a";
      client.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: x\r\n"
          + "Proxy-Authorization: Basic " + Base64.getEncoder().encodeToString(
              "alice:pw".getBytes(StandardCharsets.UTF_8)) + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));

      String response = new String(client.getInputStream().readAllBytes(),
          StandardCharsets.ISO_8859_1);

      assertThat(response).startsWith("HTTP/1.1 200").endsWith("hello");
      assertThat(proxy.takeRequest().target()).isEqualTo(target);
      assertThat(front.handshakes()).isEqualTo(proxy.connectionCount()).isEqualTo(1);
      assertThat(front.url()).hasToString("https://localhost:" + front.port());
    }
  }

  @Test
  void aFailedHandshakeIsNotCountedAndNeverReachesTheProxy() throws Exception {
    SSLContext untrusting = new HandshakeCertificates.Builder()
        .addTrustedCertificate(new HeldCertificate.Builder().build().certificate()).build()
        .sslContext();
    try (TestProxy proxy = TestProxy.builder().build();
        TlsFront front = TlsFront.start(SERVER, proxy.address())) {
      Throwable thrown = catchThrowable(() -> connect(untrusting, front).close());

      assertThat(thrown).isInstanceOf(SSLException.class);
      assertThat(front.handshakes()).isZero();
      assertThat(proxy.connectionCount()).isZero();
    }
  }

  @Test
  void closeEndsItsConnections() throws Exception {
    try (TestProxy proxy = TestProxy.builder().build()) {
      TlsFront front = TlsFront.start(SERVER, proxy.address());
      try (SSLSocket client = connect(TRUSTING, front)) {
        front.close();

        assertThat(readEnd(client.getInputStream())).isEqualTo(-1);
      }
    }
  }

  /** Returns -1 for the end of the stream or a reset, else the byte read; a timeout throws. */
  private static int readEnd(InputStream in) throws IOException {
    try {
      return in.read();
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (SocketException | SSLException e) {
      return -1;
    }
  }

  /** Returns a client socket to {@code front}, handshake done. */
  private static SSLSocket connect(SSLContext context, TlsFront front) throws IOException {
    Socket plain = new Socket();
    plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), front.port()), 5_000);
    plain.setSoTimeout(5_000);
    SSLSocket tls = (SSLSocket) context.getSocketFactory()
        .createSocket(plain, "localhost", front.port(), true);
    try {
      tls.startHandshake();
    } catch (IOException e) {
      tls.close();
      throw e;
    }
    return tls;
  }
}
