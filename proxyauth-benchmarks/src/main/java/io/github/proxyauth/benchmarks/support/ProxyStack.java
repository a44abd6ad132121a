package io.github.proxyauth.benchmarks.support;

import io.github.proxyauth.testkit.TestProxy;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Returns, from {@link #start}, the test kit's proxy configured for one scheme ({@code none},
 * {@code basic}, {@code digest}, {@code ntlm}, {@code negotiate}) plus the {@link Origins}, all in
 * this JVM. The benchmarks run it in a child JVM ({@link ProxyProcess}) because the test kit's
 * proxy records every request; tests run it here.
 */
public final class ProxyStack implements AutoCloseable, ProxyHandle {
  private final Origins origins;
  private final TestProxy proxy;

  private ProxyStack(Origins origins, TestProxy proxy) {
    this.origins = origins;
    this.proxy = proxy;
  }

  /**
   * Returns a running stack. For {@code negotiate}, {@code keytab} and {@code spn} name the
   * proxy's service key; the JVM's Kerberos configuration must point at the KDC.
   */
  public static ProxyStack start(String scheme, Path keytab, String spn) throws IOException {
    Origins origins = Origins.start();
    try {
      TestProxy.Builder b = TestProxy.builder().timeout(Duration.ofSeconds(60))
          .user(Fixtures.USER, Fixtures.PASSWORD);
      switch (scheme) {
        case "none" -> { }
        case "basic" -> b.basic(Fixtures.REALM);
        case "digest" -> b.digest(Fixtures.REALM).digestAlgorithms("SHA-256").digestQop("auth");
        case "ntlm" -> b.ntlm(Fixtures.DOMAIN);
        case "negotiate" -> b.negotiate(keytab, spn);
        default -> throw new IllegalArgumentException("Expected a scheme of none, basic, digest,"
            + " ntlm, negotiate but got '" + scheme + "'");
      }
      return new ProxyStack(origins, b.build());
    } catch (IOException | RuntimeException e) {
      origins.close();
      throw e;
    }
  }

  @Override
  public InetSocketAddress proxy() {
    return proxy.address();
  }

  @Override
  public int httpOrigin() {
    return origins.httpPort();
  }

  @Override
  public int rawOrigin() {
    return origins.rawPort();
  }

  @Override
  public void close() {
    proxy.close();
    origins.close();
  }
}
