package io.github.proxyauth.relay.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.discovery.HttpsProxy;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class UpstreamProxyTest {

  @Test
  void httpsAndPlainHopsToOneAddressHaveDifferentKeysSoNeverSharePoolsOrFailures() {
    UpstreamProxy plain = UpstreamProxy.of(
        new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("Proxy.Example", 443)));
    UpstreamProxy tls = UpstreamProxy.of(HttpsProxy.of("proxy.example", 443));

    assertThat(tls.tls()).isTrue();
    assertThat(plain.tls()).isFalse();
    assertThat(tls.key()).isEqualTo("https proxy.example:443").isNotEqualTo(plain.key());
    assertThat(plain.key()).isEqualTo("proxy.example:443");
    assertThat(tls).isNotEqualTo(plain);
    assertThat(tls.describe()).isEqualTo("the https proxy proxy.example:443");
    assertThat(UpstreamProxy.direct("proxy.example", 443).key())
        .isEqualTo("direct proxy.example:443");
  }

  @Test
  void tlsCausesAreNamedForPeople() {
    SSLHandshakeException untrusted = new SSLHandshakeException("PKIX path building failed");
    untrusted.initCause(new CertPathValidatorException("no anchor"));
    SSLHandshakeException name = new SSLHandshakeException("No subject alternative DNS name");
    name.initCause(new CertificateException("No subject alternative DNS name matching p found."));

    assertThat(ProxyTls.why(untrusted, "p")).startsWith("its certificate is not trusted");
    assertThat(ProxyTls.why(name, "p")).startsWith("its certificate is not for p");
    assertThat(ProxyTls.why(new SSLException("Unsupported or unrecognized SSL message"), "p"))
        .isEqualTo("it did not answer in TLS: is it a plain http:// proxy?");
    assertThat(ProxyTls.why(new SSLHandshakeException("Remote host terminated the handshake"),
        "p")).startsWith("it closed the connection during the handshake");
    assertThat(ProxyTls.why(new SSLException("bad record MAC"), "p"))
        .isEqualTo("the handshake failed");
  }
}
