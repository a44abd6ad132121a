package io.github.proxyauth.relay.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.proxyauth.discovery.HttpsProxy;
import java.net.InetSocketAddress;
import java.net.Proxy;
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
}
