package io.github.proxyauth.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@ProxyTest(schemes = ProxyTest.Scheme.BASIC, users = "alice:pw", realm = "ext")
class ProxyTestExtensionTest {
  private static final List<Integer> PORTS = new ArrayList<>();
  private TestProxy fromBeforeEach;

  @BeforeEach
  void remember(TestProxy proxy) {
    fromBeforeEach = proxy;
    PORTS.add(proxy.port());
  }

  @AfterAll
  static void everyInjectedProxyWasClosed() throws Exception {
    for (int port : PORTS) {
      try (ServerSocket again = new ServerSocket()) {
        again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      }
    }
  }

  private static RawClient.Response challenge(TestProxy proxy) throws Exception {
    try (RawClient client = new RawClient(proxy.address())) {
      return client.send("GET http://127.0.0.1:9/ HTTP/1.1\r\nHost: x\r\n\r\n").read();
    }
  }

  @Test
  void injectsStartedProxyConfiguredByClassAnnotation(TestProxy proxy) throws Exception {
    assertThat(proxy).isSameAs(fromBeforeEach);
    assertThat(challenge(proxy).headers("Proxy-Authenticate"))
        .containsExactly("Basic realm=\"ext\"");
  }

  @Test
  @ProxyTest(schemes = {ProxyTest.Scheme.DIGEST, ProxyTest.Scheme.NTLM},
      faults = Fault.CLOSE_ON_407)
  void methodAnnotationOverridesClassAnnotation(TestProxy proxy) throws Exception {
    RawClient.Response response = challenge(proxy);

    assertThat(response.headers("Proxy-Authenticate")).hasSize(2);
    assertThat(response.headers("Proxy-Authenticate").get(0)).startsWith("Digest realm=");
    assertThat(response.headers("Proxy-Authenticate").get(1)).isEqualTo("NTLM");
    assertThat(response.header("Connection")).hasValue("close");
  }

  @Test
  @ProxyTest(schemes = ProxyTest.Scheme.NEGOTIATE, users = "carol:pw-c")
  void negotiateProxyUsesTheInjectedKdc(TestProxy proxy, TestKdc kdc) throws Exception {
    assertThat(challenge(proxy).headers("Proxy-Authenticate")).containsExactly("Negotiate");
    assertThat(kdc.port()).isPositive();
    assertThat(kdc.directory().resolve("HTTP_localhost_EXAMPLE.TEST.keytab")).exists();
  }
}
