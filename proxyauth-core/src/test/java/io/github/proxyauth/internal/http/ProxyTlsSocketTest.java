package io.github.proxyauth.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ProxyTlsSocketTest {

  @Test
  void tlsCausesAreNamedForPeople() {
    SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed");
    untrusted.initCause(new CertPathValidatorException("no anchor"));
    SSLHandshakeException name = new SSLHandshakeException("No subject alternative DNS name");
    name.initCause(new CertificateException("No subject alternative DNS name matching p found."));

    assertThat(ProxyTlsSocket.why(untrusted, "p", "--proxy-ca FILE"))
        .isEqualTo("its certificate is not trusted (no CA in the relay's trust store issued it;"
            + " give the relay the proxy's CA, --proxy-ca FILE)");
    assertThat(ProxyTlsSocket.why(name, "p", "x")).startsWith("its certificate is not for p");
    assertThat(ProxyTlsSocket.why(new SSLException("Unsupported or unrecognized SSL message"),
        "p", "x")).isEqualTo("it did not answer in TLS: is it a plain http:// proxy?");
    assertThat(ProxyTlsSocket.why(
        new SSLHandshakeException("Remote host terminated the handshake"), "p", "x"))
        .startsWith("it closed the connection during the handshake");
    assertThat(ProxyTlsSocket.why(new SSLException("bad record MAC"), "p", "x"))
        .isEqualTo("the handshake failed");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void aProxySilentInTheHandshakeEndsItAtTheDeadline() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), silent.getLocalPort());
        Socket accepted = silent.accept()) {
      SSLContext context = SSLContext.getDefault();
      socket.setSoTimeout(600_000); // the deadline, not the socket's timeout, ends the wait
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);

      Throwable thrown = catchThrowable(() -> ProxyTlsSocket.open(context, socket,
          "proxy.example", silent.getLocalPort(), deadline));

      assertThat(thrown).isInstanceOf(SocketTimeoutException.class);
    }
  }
}
