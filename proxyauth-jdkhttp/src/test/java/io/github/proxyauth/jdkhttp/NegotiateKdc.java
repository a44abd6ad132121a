package io.github.proxyauth.jdkhttp;

import io.github.proxyauth.AuthScheme;
import io.github.proxyauth.KerberosLogin;
import io.github.proxyauth.ProxyAuthenticator;
import io.github.proxyauth.testkit.TestKdc;
import io.github.proxyauth.testkit.TestProxy;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The embedded KDC of a Negotiate test class, started before its tests and closed after them
 * ({@code @RegisterExtension static final NegotiateKdc KDC = new NegotiateKdc();}): the JVM's
 * Kerberos default meanwhile, with {@link Fixtures#USER}'s password {@link Fixtures#PASSWORD} and
 * the proxy's service principal {@code HTTP/localhost}.
 */
final class NegotiateKdc implements BeforeAllCallback, AfterAllCallback {
  private TestKdc kdc;
  private Path serviceKeytab;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    kdc = TestKdc.start();
    kdc.useAsJvmDefault();
    kdc.addPrincipal(Fixtures.USER, Fixtures.PASSWORD);
    serviceKeytab = kdc.createServicePrincipal("HTTP/localhost");
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    kdc.close();
  }

  /** Returns a builder of a proxy that requires Negotiate for {@code HTTP/localhost}. */
  TestProxy.Builder proxy() {
    return TestProxy.builder().negotiate(serviceKeytab, kdc.principal("HTTP/localhost"));
  }

  /** Returns a client through the relay to {@code proxy} with alice's Kerberos password. */
  ProxyAuthHttpClient client(TestProxy proxy, String password) {
    ProxyAuthenticator auth = ProxyAuthenticator.builder().schemes(AuthScheme.negotiate(
        KerberosLogin.password(kdc.principal(Fixtures.USER), password.toCharArray()))).build();
    // "localhost", not 127.0.0.1: the service principal is HTTP/localhost.
    ProxySelector upstream = ProxySelector.of(InetSocketAddress.createUnresolved("localhost",
        proxy.port()));
    return ProxyAuthHttpClient.wrap(HttpClient.newBuilder().sslContext(Fixtures.CLIENT_TLS),
        auth, upstream);
  }
}
